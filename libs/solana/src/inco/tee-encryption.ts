import { ctr } from '@noble/ciphers/aes';
import { secp256k1 } from '@noble/curves/secp256k1';
import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha2';
import { randomBytes } from '@noble/hashes/utils';
import { writeUintLE } from '../codec/little-endian.codec';

const PUBKEY_BYTES = 65;
const IV_BYTES = 16;
const MAC_BYTES = 32;

/** Fixed ECIES overhead: ephemeral pubkey 65 ‖ IV 16 ‖ ... ‖ HMAC-SHA256 32. */
export const ECIES_OVERHEAD_BYTES = PUBKEY_BYTES + IV_BYTES + MAC_BYTES;

/**
 * The random inputs of one ECIES encryption. With them (and the public key) anyone can recompute
 * the ciphertext and so prove which plaintext it carries, without the TEE's private key: the
 * signer checks a settlement transfer's encrypted amount this way. Treat it as secret as the
 * amount it reveals.
 */
export interface EciesOpening {
  /** secp256k1 scalar of the ephemeral key, 32 bytes. */
  readonly ephemeralSecret: Uint8Array;
  /** AES-128-CTR initialisation vector, 16 bytes. */
  readonly iv: Uint8Array;
}

/** A ciphertext and the opening that produced it. */
export interface OpenableCiphertext {
  readonly ciphertext: Uint8Array;
  readonly opening: EciesOpening;
}

function teeKeyBytes(teePublicKey: Uint8Array | string): Uint8Array {
  const key = typeof teePublicKey === 'string' ? hexBytes(teePublicKey.replace(/^0x/, '')) : Uint8Array.from(teePublicKey);
  if (key.length !== PUBKEY_BYTES || key[0] !== 0x04) throw new RangeError('TEE public key must be a 65-byte uncompressed secp256k1 key');
  return key;
}

function hexBytes(hex: string): Uint8Array {
  if (!/^([0-9a-fA-F]{2})*$/.test(hex)) throw new RangeError('TEE public key is not hex');
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

/**
 * Digits of every encrypted amount: 39, the width of the largest Euint128 (2^128 - 1). ECIES keeps
 * the plaintext's length, so an unpadded decimal string would tell a chain observer how many
 * digits the cap or the charge has (a 0.5 USDC charge and a 500 USDC cap differ by 3 bytes).
 */
export const AMOUNT_PLAINTEXT_DIGITS = 39;

/** Length of every amount ciphertext this module produces, whatever the amount. */
export const AMOUNT_CIPHERTEXT_BYTES = ECIES_OVERHEAD_BYTES + AMOUNT_PLAINTEXT_DIGITS;

/**
 * The plaintext Inco's TEE expects: the ASCII decimal string of a Euint128 value, left-padded
 * with zeros to a fixed width so every ciphertext has one length (docs/privacy.md). Decimal
 * parsers accept leading zeros (localnet's covalidator; Rust's `u128::from_str`, which the real
 * covalidator is expected to use: not verifiable offline, see docs/privacy.md).
 */
function amountPlaintext(amount: bigint): Uint8Array {
  writeUintLE(amount, 16); // range check: Euint128 values are 0..2^128-1
  return new TextEncoder().encode(amount.toString(10).padStart(AMOUNT_PLAINTEXT_DIGITS, '0'));
}

/**
 * The one ECIES encoder (ecies-geth's wire format, which `@inco/solana-sdk`'s `encryptValue`
 * produces): ephemeral uncompressed key 65 ‖ IV 16 ‖ AES-128-CTR ciphertext ‖ HMAC-SHA256 32 over
 * IV ‖ ciphertext. Keys: K = sha256(00000001 ‖ ECDH x); AES key = K[0..16]; MAC key =
 * sha256(K[16..32]). Deterministic in its inputs, so encrypting and verifying share it.
 */
function seal(plaintext: Uint8Array, teePublicKey: Uint8Array, opening: EciesOpening): Uint8Array {
  if (opening.ephemeralSecret.length !== 32 || !secp256k1.utils.isValidPrivateKey(opening.ephemeralSecret)) {
    throw new RangeError('ephemeral secret is not a secp256k1 scalar');
  }
  if (opening.iv.length !== IV_BYTES) throw new RangeError(`IV must be ${IV_BYTES} bytes`);
  const sharedX = secp256k1.getSharedSecret(opening.ephemeralSecret, teePublicKey, true).subarray(1);
  const k = sha256(Uint8Array.from([0, 0, 0, 1, ...sharedX]));
  const body = ctr(k.subarray(0, 16), opening.iv).encrypt(plaintext);
  const ivAndBody = concat(opening.iv, body);
  const mac = hmac(sha256, sha256(k.subarray(16, 32)), ivAndBody);
  return concat(secp256k1.getPublicKey(opening.ephemeralSecret, false), ivAndBody, mac);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A fresh opening from the platform CSPRNG (crypto.getRandomValues: Node and browsers). */
export function newEciesOpening(): EciesOpening {
  return { ephemeralSecret: secp256k1.utils.randomPrivateKey(), iv: randomBytes(IV_BYTES) };
}

/**
 * Encrypts an amount for Inco's TEE and returns the opening with it, so a verifier that cannot
 * decrypt can still check the amount (`ciphertextOpensTo`). `opening` is injectable for tests.
 *
 * @example
 * const { ciphertext, opening } = encryptAmountWithOpening(1_000n, teePublicKeyHex);
 * ciphertextOpensTo(ciphertext, 1_000n, teePublicKeyHex, opening); // true
 */
export function encryptAmountWithOpening(amount: bigint, teePublicKey: Uint8Array | string, opening: EciesOpening = newEciesOpening()): OpenableCiphertext {
  return { ciphertext: seal(amountPlaintext(amount), teeKeyBytes(teePublicKey), opening), opening };
}

/**
 * Encrypts an amount for Inco's TEE the way `@inco/solana-sdk`'s `encryptValue` does: ECIES
 * (secp256k1, AES-128-CTR, HMAC-SHA256) over the ASCII decimal string of the value. Returns raw
 * bytes (the SDK returns the same bytes as hex) for the instruction's `ciphertext` arg.
 *
 * @example
 * const ciphertext = await encryptAmountForTee(5_000_000n, config.teePublicKeyHex);
 * approveCheckedInstruction(ids, { ..., ciphertext, decimals: 6 });
 */
export function encryptAmountForTee(amount: bigint, teePublicKey: Uint8Array | string): Promise<Uint8Array> {
  try {
    return Promise.resolve(encryptAmountWithOpening(amount, teePublicKey).ciphertext);
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * True when `ciphertext` is exactly the encryption of `amount` to `teePublicKey` under `opening`
 * (recomputed with the same encoder and compared in constant time). False for any malformed
 * input: a verifier refuses, it does not throw.
 *
 * @example
 * if (!ciphertextOpensTo(instructionCiphertext, authorizedAmount, teeKey, opening)) refuse(...);
 */
export function ciphertextOpensTo(ciphertext: Uint8Array, amount: bigint, teePublicKey: Uint8Array | string, opening: EciesOpening): boolean {
  let expected: Uint8Array;
  try {
    expected = seal(amountPlaintext(amount), teeKeyBytes(teePublicKey), opening);
  } catch {
    return false;
  }
  if (expected.length !== ciphertext.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= (expected[i] ?? 0) ^ (ciphertext[i] ?? 0);
  return diff === 0;
}
