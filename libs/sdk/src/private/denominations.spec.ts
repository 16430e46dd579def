import { QuietpayError } from '@quietpay/x402';
import { describe, expect, it } from 'vitest';
import { decomposeIntoDenominations, STANDARD_DENOMINATIONS } from './denominations';

const isStandard = (v: bigint): boolean => STANDARD_DENOMINATIONS.includes(v);

describe('decomposeIntoDenominations', () => {
  it('pays a round price in one standard part', () => {
    expect(decomposeIntoDenominations(500_000n)).toEqual([500_000n]);
    expect(decomposeIntoDenominations(10_000n)).toEqual([10_000n]);
  });

  it('splits other prices into 1-2-5 parts, largest first, summing exactly', () => {
    expect(decomposeIntoDenominations(13_700n)).toEqual([10_000n, 2_000n, 1_000n, 500n, 200n]);
    expect(decomposeIntoDenominations(25_000n)).toEqual([20_000n, 5_000n]);
    for (const amount of [1n, 9n, 99n, 12_345n, 987_654n, 3_000_001n]) {
      const parts = decomposeIntoDenominations(amount, 100);
      expect(parts.reduce((a, b) => a + b, 0n)).toBe(amount);
      expect(parts.every(isStandard)).toBe(true);
    }
  });

  it('merges the smallest parts beyond maxParts into one', () => {
    const parts = decomposeIntoDenominations(99n, 3); // 50 20 20 5 2 2
    expect(parts).toEqual([50n, 20n, 29n]);
  });

  it('refuses a zero amount and a bad maxParts', () => {
    expect(() => decomposeIntoDenominations(0n)).toThrow(expect.objectContaining({ code: 'invalid_option', field: 'amount', retryable: false }));
    expect(() => decomposeIntoDenominations(5n, 0)).toThrow(expect.objectContaining({ code: 'invalid_option', field: 'maxParts' }));
    expect(() => decomposeIntoDenominations(5n, 0)).toThrow(QuietpayError);
  });
});
