import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveLocalnetKeys, seededBytes, seededKeypair } from './seeded-keys';

describe('seeded localnet keys', () => {
  it('is sha256 of the domain tag, the seed and the role, NUL-separated (the documented formula)', () => {
    const expected = createHash('sha256').update('quietpay-localnet-dev-key\0my-seed\0wallet:facilitator').digest();
    expect(Buffer.from(seededBytes('my-seed', 'wallet:facilitator'))).toEqual(expected);
    expect(seededKeypair('my-seed', 'wallet:facilitator').secretKey.subarray(0, 32)).toEqual(new Uint8Array(expected));
  });

  it('gives every role its own key and keeps seed/role boundaries apart', () => {
    const keys = deriveLocalnetKeys('my-seed');
    const addresses = [
      ...Object.values(keys.wallets).map((k) => k.publicKey.toBase58()),
      keys.usdcMint.publicKey.toBase58(),
      keys.inco.mint.publicKey.toBase58(),
      keys.inco.mintAuthority.publicKey.toBase58(),
    ];
    expect(new Set(addresses).size).toBe(addresses.length);
    expect(seededBytes('a', 'bc')).not.toEqual(seededBytes('ab', 'c'));
  });

  it('is a function of the seed alone', () => {
    const a = deriveLocalnetKeys('one');
    expect(deriveLocalnetKeys('one').wallets.facilitator.publicKey.toBase58()).toBe(a.wallets.facilitator.publicKey.toBase58());
    expect(deriveLocalnetKeys('two').wallets.facilitator.publicKey.toBase58()).not.toBe(a.wallets.facilitator.publicKey.toBase58());
    expect(deriveLocalnetKeys('two').inco.teePrivateKey).not.toEqual(a.inco.teePrivateKey);
  });

  it('refuses an empty seed', () => {
    expect(() => deriveLocalnetKeys('')).toThrow(/empty/);
  });
});
