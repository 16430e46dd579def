import { describe, expect, it } from 'vitest';
import { findAmountExposures } from './amount-exposure';
import type { VisibleTransaction } from './visible-transaction';

const tx = (parts: Partial<VisibleTransaction>): VisibleTransaction => ({
  slot: 0,
  accountKeys: [],
  instructions: [],
  instructionData: [],
  logs: [],
  ...parts,
});
const le = (v: bigint, n: number): number[] => Array.from({ length: n }, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn));

describe('findAmountExposures', () => {
  const amount = 123_457n;

  it('finds an amount as u64 LE, u128 LE or u64 BE inside instruction data', () => {
    const found = (data: number[]): string[] =>
      findAmountExposures(tx({ instructionData: [new Uint8Array([9, ...data, 1])] }), [amount]).map((e) => e.encoding);
    expect(found(le(amount, 8))).toContain('u64-le');
    expect(found(le(amount, 16))).toEqual(['u64-le', 'u128-le']);
    expect(found(le(amount, 8).reverse())).toEqual(['u64-be']);
  });

  it('finds the decimal string in a log line, but not inside a longer number', () => {
    expect(findAmountExposures(tx({ logs: [`Program log: amount ${amount}`] }), [amount])).toEqual([{ amount, where: 'log', encoding: 'decimal' }]);
    expect(findAmountExposures(tx({ logs: [`Program log: handle 9${amount}1`] }), [amount])).toEqual([]);
  });

  it('finds nothing in a ciphertext-only instruction', () => {
    expect(findAmountExposures(tx({ instructionData: [new Uint8Array(152).fill(0xab)], logs: ['Program log: ok'] }), [amount])).toEqual([]);
  });
});
