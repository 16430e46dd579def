import { ed25519 } from '@noble/curves/ed25519';
import bs58 from 'bs58';

/**
 * Verifies a base58 ed25519 signature by a base58 or raw 32-byte public key. The session, close
 * and auth-message checks take one as a parameter so a server can pass its native (node:crypto)
 * verifier while the SDK and browsers keep the default, {@link ed25519Verify}.
 */
export type Ed25519Verifier = (message: Uint8Array, signatureBase58: string, publicKey: Uint8Array | string) => boolean;

/** Signs with an ed25519 key given as a 32-byte seed or a 64-byte (seed ‖ public key) secret key. */
export function ed25519Sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  if (secretKey.length !== 32 && secretKey.length !== 64) throw new RangeError('ed25519 secret key must be 32 or 64 bytes');
  return ed25519.sign(message, secretKey.subarray(0, 32));
}

/**
 * Browser-safe verification (audited @noble/curves) with RFC 8032 strict rules (`zip215: false`),
 * the same acceptance as OpenSSL's, so the SDK and the facilitator never disagree about a
 * signature. Malformed inputs are simply invalid.
 */
export const ed25519Verify: Ed25519Verifier = (message, signatureBase58, publicKey) => {
  try {
    const key = typeof publicKey === 'string' ? bs58.decode(publicKey) : publicKey;
    const sig = bs58.decode(signatureBase58);
    if (key.length !== 32 || sig.length !== 64) return false;
    return ed25519.verify(sig, message, key, { zip215: false });
  } catch {
    return false;
  }
};

/** The public key of a 32-byte seed or a 64-byte (seed ‖ public key) secret key. */
export function ed25519PublicKey(secretKey: Uint8Array): Uint8Array {
  if (secretKey.length === 64) return secretKey.slice(32);
  if (secretKey.length !== 32) throw new RangeError('ed25519 secret key must be 32 or 64 bytes');
  return ed25519.getPublicKey(secretKey);
}

/** A fresh keypair in the tweetnacl / web3.js layout: 64-byte secret key = seed ‖ public key. */
export function ed25519KeyPair(): { readonly publicKey: Uint8Array; readonly secretKey: Uint8Array } {
  const seed = ed25519.utils.randomPrivateKey();
  const publicKey = ed25519.getPublicKey(seed);
  const secretKey = new Uint8Array(64);
  secretKey.set(seed, 0);
  secretKey.set(publicKey, 32);
  return { publicKey, secretKey };
}
