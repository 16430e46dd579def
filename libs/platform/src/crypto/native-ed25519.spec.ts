import bs58 from 'bs58';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import { NativeEd25519, NativeEd25519SigningKey } from './native-ed25519';

// tweetnacl is the implementation this replaces: every answer is checked against it.
const ORDER = 2n ** 252n + 27742317777372353535851937790883648493n;
const keys = [1, 2, 3].map((b) => nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(b)));
const messages = ['', 'quietpay/session-payment/v1\n{"amount":"1"}', 'Zürich ✓'.repeat(40)].map((m) => new TextEncoder().encode(m));

/** The same signature with S replaced by S + L: a second encoding tweetnacl accepts and RFC 8032 refuses. */
function malleated(sig: Uint8Array): Uint8Array {
  let s = 0n;
  for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(sig[i] ?? 0);
  s += ORDER;
  const out = sig.slice();
  for (let i = 32; i < 64; i++, s >>= 8n) out[i] = Number(s & 0xffn);
  return out;
}

describe('NativeEd25519 against tweetnacl', () => {
  const native = new NativeEd25519(2);

  it('signs byte-for-byte as tweetnacl from a 64-byte or 32-byte secret', () => {
    for (const k of keys) {
      for (const m of messages) {
        const expected = nacl.sign.detached(m, k.secretKey);
        expect(NativeEd25519SigningKey.fromSecretKey(k.secretKey).sign(m)).toEqual(expected);
        expect(NativeEd25519SigningKey.fromSecretKey(k.secretKey.slice(0, 32)).sign(m)).toEqual(expected);
      }
    }
    expect(() => NativeEd25519SigningKey.fromSecretKey(new Uint8Array(31))).toThrow(RangeError);
  });

  it('agrees with tweetnacl on valid, tampered and foreign signatures, with the key as base58 or bytes', () => {
    for (const [i, k] of keys.entries()) {
      const other = keys[(i + 1) % keys.length]!;
      for (const m of messages) {
        const sig = nacl.sign.detached(m, k.secretKey);
        const flippedSig = sig.slice();
        flippedSig[5] = (flippedSig[5] ?? 0) ^ 1;
        const flippedMsg = new Uint8Array([...m, 0]);
        const cases: [Uint8Array, Uint8Array, Uint8Array][] = [
          [m, sig, k.publicKey],
          [m, flippedSig, k.publicKey],
          [flippedMsg, sig, k.publicKey],
          [m, sig, other.publicKey],
        ];
        for (const [msg, s, pk] of cases) {
          const expected = nacl.sign.detached.verify(msg, s, pk);
          expect(native.verify(msg, bs58.encode(s), bs58.encode(pk))).toBe(expected);
          expect(native.verify(msg, bs58.encode(s), pk)).toBe(expected);
          expect(native.verifyRaw(msg, s, pk)).toBe(expected);
        }
      }
    }
  });

  it('answers a triple it found valid again from memory, and never lets that answer cover another message, signature or key', () => {
    const verifier = new NativeEd25519(4, 1);
    const [k, other] = [keys[0]!, keys[1]!];
    const m = messages[1]!;
    const sig = bs58.encode(nacl.sign.detached(m, k.secretKey));
    expect(verifier.verify(m, sig, bs58.encode(k.publicKey))).toBe(true);
    expect(verifier.verify(m, sig, bs58.encode(k.publicKey))).toBe(true);
    expect(verifier.verify(new Uint8Array([...m, 0]), sig, bs58.encode(k.publicKey))).toBe(false);
    expect(verifier.verify(m.subarray(1), sig, bs58.encode(k.publicKey))).toBe(false);
    expect(verifier.verify(m, sig, bs58.encode(other.publicKey))).toBe(false);
    expect(verifier.verify(m, bs58.encode(nacl.sign.detached(m, other.secretKey)), bs58.encode(k.publicKey))).toBe(false);
    expect(verifier.verify(m, sig, bs58.encode(k.publicKey))).toBe(true);
  });

  it("never answers a cached triple for another split of the same text (a signature or key carrying the message's newline)", () => {
    // Every signed message here has a newline (the domain line): a cache key joining the three
    // parts with it let "sig\\ndomain" over the rest of the message pass as the cached triple.
    const verifier = new NativeEd25519(4, 8);
    const k = keys[0]!;
    const pk = bs58.encode(k.publicKey);
    const text = 'quietpay/session-payment/v1\n{"amount":"1"}';
    const sig = bs58.encode(nacl.sign.detached(new TextEncoder().encode(text), k.secretKey));
    expect(verifier.verify(new TextEncoder().encode(text), sig, pk)).toBe(true);
    const [domain, rest] = text.split('\n') as [string, string];
    expect(verifier.verify(new TextEncoder().encode(rest), `${sig}\n${domain}`, pk)).toBe(false);
    expect(verifier.verify(new TextEncoder().encode(rest), domain, `${pk}\n${sig}`)).toBe(false);
  });

  it('remembers no failed verification (it cannot poison the cache) and keeps at most its bound of valid triples', () => {
    const verifier = new NativeEd25519(4, 3);
    const k = keys[0]!;
    const pk = bs58.encode(k.publicKey);
    const signed = Array.from({ length: 10 }, (_, i) => {
      const m = new TextEncoder().encode(`call ${i}`);
      return { m, sig: bs58.encode(nacl.sign.detached(m, k.secretKey)) };
    });
    const forged = bs58.encode(nacl.sign.detached(signed[0]!.m, keys[1]!.secretKey));
    expect(verifier.verify(signed[0]!.m, forged, pk)).toBe(false);
    expect(verifier.verify(signed[0]!.m, forged, pk)).toBe(false);
    expect(verifier.cachedTriples).toBe(0);
    for (const { m, sig } of signed) expect(verifier.verify(m, sig, pk)).toBe(true);
    expect(verifier.cachedTriples).toBe(3);
    // Evicted entries are simply verified again.
    for (const { m, sig } of signed) expect(verifier.verify(m, sig, pk)).toBe(true);
  });

  it('refuses the S + L encoding tweetnacl accepted (RFC 8032 strict, as libs/x402 ed25519Verify)', () => {
    const k = keys[0]!;
    const m = messages[1]!;
    const twin = malleated(nacl.sign.detached(m, k.secretKey));
    expect(nacl.sign.detached.verify(m, twin, k.publicKey)).toBe(true);
    expect(native.verify(m, bs58.encode(twin), bs58.encode(k.publicKey))).toBe(false);
  });

  it('answers false, never throws, for malformed signatures and keys', () => {
    const k = keys[0]!;
    const m = messages[1]!;
    const sig = bs58.encode(nacl.sign.detached(m, k.secretKey));
    const pk = bs58.encode(k.publicKey);
    expect(native.verify(m, 'not base58 0OIl', pk)).toBe(false);
    expect(native.verify(m, bs58.encode(new Uint8Array(63)), pk)).toBe(false);
    expect(native.verify(m, sig, bs58.encode(new Uint8Array(31)))).toBe(false);
    expect(native.verify(m, sig, '0OIl')).toBe(false);
    expect(native.verify(m, sig, '')).toBe(false);
    expect(native.verifyRaw(m, new Uint8Array(64), k.publicKey)).toBe(false);
  });
});
