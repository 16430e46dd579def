import { Keypair, PublicKey } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { writeUintLE } from '../codec/little-endian.codec';
import { allowanceAddressOf, incoTokenAccountAddressOf } from '../inco/inco.addresses';
import { Address, findProgramAddress } from './address';

const key = (n: number): PublicKey => Keypair.fromSeed(new Uint8Array(32).fill(n)).publicKey;

describe('Address and findProgramAddress without web3.js', () => {
  it('derives the same PDAs and bumps as PublicKey.findProgramAddressSync', () => {
    for (let n = 1; n <= 24; n += 1) {
      const seeds = [key(n).toBytes(), writeUintLE(BigInt(n) ** 20n, 16), new TextEncoder().encode(`seed-${n}`)];
      const program = key(100 + n);
      const [ours, bump] = findProgramAddress(seeds, program);
      const [theirs, theirBump] = PublicKey.findProgramAddressSync(seeds, program);
      expect([ours.toBase58(), bump]).toEqual([theirs.toBase58(), theirBump]);
      expect(ours.equals(theirs)).toBe(true);
    }
  });

  it('the Inco PDAs match the web3.js ones', () => {
    const ids = { incoToken: key(1), incoLightning: key(2) };
    expect(incoTokenAccountAddressOf(ids, key(3), key(4)).toBase58()).toBe(
      PublicKey.findProgramAddressSync([key(3).toBuffer(), key(1).toBuffer(), key(4).toBuffer()], key(1))[0].toBase58(),
    );
    expect(allowanceAddressOf(ids, 2n ** 127n + 9n, key(5)).toBase58()).toBe(
      PublicKey.findProgramAddressSync([writeUintLE(2n ** 127n + 9n, 16), key(5).toBuffer()], key(2))[0].toBase58(),
    );
  });

  it('parses and prints base58, compares bytes, refuses wrong lengths', () => {
    const text = key(7).toBase58();
    const a = Address.from(text);
    expect([a.toBase58(), String(a), JSON.stringify({ a })]).toEqual([text, text, `{"a":"${text}"}`]);
    expect(a.equals(key(7))).toBe(true);
    expect(a.equals(key(8))).toBe(false);
    expect(Address.from(key(7)).equals(a)).toBe(true);
    expect(() => Address.from(new Uint8Array(31))).toThrow(RangeError);
    expect(() => Address.from('0OIl')).toThrow(RangeError);
    expect(() => findProgramAddress([new Uint8Array(33)], a)).toThrow(/at most 32/);
  });
});
