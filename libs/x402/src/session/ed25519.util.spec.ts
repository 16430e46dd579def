import bs58 from 'bs58';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import { ed25519KeyPair, ed25519PublicKey, ed25519Sign, ed25519Verify } from './ed25519.util';

// tweetnacl is the implementation @noble/curves replaces in the SDK: outputs are checked against it.
const keys = [7, 8].map((b) => nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(b)));
const message = new TextEncoder().encode('quietpay/session-close/v1\n{"reason":"user_closed"}');

describe('browser-safe ed25519 (noble) against tweetnacl', () => {
  it('signs byte-for-byte as tweetnacl and derives the same public key', () => {
    for (const k of keys) {
      expect(ed25519Sign(message, k.secretKey)).toEqual(nacl.sign.detached(message, k.secretKey));
      expect(ed25519Sign(message, k.secretKey.slice(0, 32))).toEqual(nacl.sign.detached(message, k.secretKey));
      expect(ed25519PublicKey(k.secretKey.slice(0, 32))).toEqual(k.publicKey);
      expect(ed25519PublicKey(k.secretKey)).toEqual(k.publicKey);
    }
    expect(() => ed25519Sign(message, new Uint8Array(33))).toThrow(RangeError);
  });

  it('agrees with tweetnacl on valid, tampered and foreign signatures', () => {
    const [a, b] = keys as [nacl.SignKeyPair, nacl.SignKeyPair];
    const sig = nacl.sign.detached(message, a.secretKey);
    const bad = sig.slice();
    bad[40] = (bad[40] ?? 0) ^ 4;
    for (const [s, pk] of [
      [sig, a.publicKey],
      [bad, a.publicKey],
      [sig, b.publicKey],
    ] as const) {
      expect(ed25519Verify(message, bs58.encode(s), bs58.encode(pk))).toBe(nacl.sign.detached.verify(message, s, pk));
    }
    expect(ed25519Verify(message, 'O0Il', a.publicKey)).toBe(false);
    expect(ed25519Verify(message, bs58.encode(sig), new Uint8Array(31))).toBe(false);
  });

  it('makes keypairs in the tweetnacl layout (seed ‖ public key)', () => {
    const kp = ed25519KeyPair();
    expect(nacl.sign.keyPair.fromSeed(kp.secretKey.slice(0, 32)).secretKey).toEqual(kp.secretKey);
    expect(kp.secretKey.slice(32)).toEqual(kp.publicKey);
  });
});
