import bs58 from 'bs58';
import nacl from 'tweetnacl';

/** Signs with an ed25519 key given as a 32-byte seed or a 64-byte (seed ‖ public key) secret key. */
export function ed25519Sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  const full = secretKey.length === 32 ? nacl.sign.keyPair.fromSeed(secretKey).secretKey : secretKey;
  if (full.length !== 64) throw new RangeError('ed25519 secret key must be 32 or 64 bytes');
  return nacl.sign.detached(message, full);
}

/** Verifies a base58 signature by a base58 or raw public key; malformed inputs are simply invalid. */
export function ed25519Verify(message: Uint8Array, signatureBase58: string, publicKey: Uint8Array | string): boolean {
  try {
    const key = typeof publicKey === 'string' ? bs58.decode(publicKey) : publicKey;
    const sig = bs58.decode(signatureBase58);
    if (key.length !== 32 || sig.length !== 64) return false;
    return nacl.sign.detached.verify(message, sig, key);
  } catch {
    return false;
  }
}
