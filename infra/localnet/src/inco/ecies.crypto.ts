/**
 * ECIES in the `ecies-geth` wire format, which `@inco/solana-sdk`'s `encryptValue` produces:
 * ephemeral uncompressed secp256k1 key (65) ‖ IV (16) ‖ AES-128-CTR ciphertext ‖ HMAC-SHA256 (32).
 * Key material: K = sha256(00000001 ‖ ECDH x); AES key = K[0..16], MAC key = sha256(K[16..32]);
 * the MAC covers IV ‖ ciphertext. Implemented synchronously (ecies-geth is promise-based) because
 * the emulated program handlers are synchronous.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1';
import { sha256 } from '@noble/hashes/sha2';

const PUBKEY_LEN = 65;
const IV_LEN = 16;
const MAC_LEN = 32;
export const ECIES_OVERHEAD = PUBKEY_LEN + IV_LEN + MAC_LEN;

function deriveKeys(privateKey: Uint8Array, publicKey: Uint8Array): { encKey: Buffer; macKey: Buffer } {
  const sharedX = secp256k1.getSharedSecret(privateKey, publicKey, true).subarray(1);
  const k = sha256(new Uint8Array([0, 0, 0, 1, ...sharedX]));
  return { encKey: Buffer.from(k.subarray(0, 16)), macKey: Buffer.from(sha256(k.subarray(16, 32))) };
}

/** Decrypts an ecies-geth ciphertext; null when it is malformed or its MAC does not verify. */
export function eciesDecrypt(privateKey: Uint8Array, data: Uint8Array): Uint8Array | null {
  if (data.length < ECIES_OVERHEAD || data[0] !== 0x04) return null;
  const ephemeral = data.subarray(0, PUBKEY_LEN);
  const ivAndCipher = data.subarray(PUBKEY_LEN, data.length - MAC_LEN);
  const mac = data.subarray(data.length - MAC_LEN);
  let keys: { encKey: Buffer; macKey: Buffer };
  try {
    keys = deriveKeys(privateKey, ephemeral);
  } catch {
    return null; // not a point on the curve
  }
  const expected = createHmac('sha256', keys.macKey).update(ivAndCipher).digest();
  if (!timingSafeEqual(expected, Buffer.from(mac))) return null;
  const decipher = createDecipheriv('aes-128-ctr', keys.encKey, ivAndCipher.subarray(0, IV_LEN));
  return Buffer.concat([decipher.update(ivAndCipher.subarray(IV_LEN)), decipher.final()]);
}

/** Encrypts to a 65-byte uncompressed secp256k1 public key, as ecies-geth's `encrypt` does. */
export function eciesEncrypt(publicKey: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const ephemeralPrivate = secp256k1.utils.randomPrivateKey();
  const { encKey, macKey } = deriveKeys(ephemeralPrivate, publicKey);
  const iv = randomBytes(IV_LEN);
  const cipher = createCipheriv('aes-128-ctr', encKey, iv);
  const ivAndCipher = Buffer.concat([iv, cipher.update(plaintext), cipher.final()]);
  const mac = createHmac('sha256', macKey).update(ivAndCipher).digest();
  return Buffer.concat([secp256k1.getPublicKey(ephemeralPrivate, false), ivAndCipher, mac]);
}
