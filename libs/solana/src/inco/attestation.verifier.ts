import { ed25519 } from '@noble/curves/ed25519';
import { sha256 } from '@noble/hashes/sha2';
import bs58 from 'bs58';
import type { AddressLike } from '../address/address';
import { writeUintLE } from '../codec/little-endian.codec';

/** The covalidator's answer to getDecryptAttested. */
export interface AttestedDecryptResponse {
  /** Decimal, no leading zeros. */
  readonly plaintext: string;
  readonly signature: string;
  readonly handle_value?: string;
}

/**
 * The answer's fields when they have the documented form, else undefined. Hand-written, not a zod
 * schema: this runs in the browser SDK, whose bundle budget has no room for zod.
 */
export function readAttestedDecryptResponse(value: unknown): AttestedDecryptResponse | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { plaintext, signature, handle_value } = value as Record<string, unknown>;
  if (typeof plaintext !== 'string' || !/^(0|[1-9]\d*)$/.test(plaintext)) return undefined;
  if (typeof signature !== 'string' || signature.length === 0) return undefined;
  if (handle_value !== undefined && typeof handle_value !== 'string') return undefined;
  return { plaintext, signature, ...(handle_value !== undefined ? { handle_value } : {}) };
}

/**
 * The 32-byte digest the covalidator signs: sha256(ASCII of the handle in lowercase hex without 0x
 * or padding ‖ plaintext as a 16-byte little-endian u128).
 */
export function attestationDigest(handle: bigint, plaintext: bigint): Uint8Array {
  const hex = new TextEncoder().encode(handle.toString(16));
  const value = writeUintLE(plaintext, 16);
  const message = new Uint8Array(hex.length + value.length);
  message.set(hex, 0);
  message.set(value, hex.length);
  return sha256(message);
}

/** Why an attested decrypt answer was not accepted. */
export type AttestationRejection = 'malformed_response' | 'handle_mismatch' | 'bad_signature';

/** The result of checking one covalidator answer. */
export type AttestationResult = { readonly ok: true; readonly plaintext: bigint } | { readonly ok: false; readonly reason: AttestationRejection };

/** Checks a raw 64-byte ed25519 signature; a server passes its native (node:crypto) one. */
export type RawEd25519Verifier = (message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array) => boolean;

/** Browser-safe default: @noble/curves with RFC 8032 strict rules (what OpenSSL accepts). */
const nobleVerify: RawEd25519Verifier = (message, signature, publicKey) => {
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
};

/**
 * Checks a covalidator answer for the handle *we asked for* against the pinned covalidator key.
 * The SDK never does this; without it a compromised proxy could report any balance.
 *
 * @example
 * const res = verifyAttestedDecrypt(handle, await response.json(), ids.covalidatorKey);
 * if (!res.ok) throw new Error(res.reason);
 * const cap = res.plaintext;
 */
export function verifyAttestedDecrypt(
  handle: bigint,
  response: unknown,
  covalidatorKey: AddressLike,
  verify: RawEd25519Verifier = nobleVerify,
): AttestationResult {
  const parsed = readAttestedDecryptResponse(response);
  if (!parsed) return { ok: false, reason: 'malformed_response' };
  const { plaintext, signature, handle_value } = parsed;
  // The SDK passes handle_value through BigInt(), so decimal and 0x-hex spellings are both possible.
  if (handle_value !== undefined && parseBigInt(handle_value) !== handle) return { ok: false, reason: 'handle_mismatch' };
  const value = BigInt(plaintext);
  if (value >= 1n << 128n) return { ok: false, reason: 'malformed_response' };
  let sig: Uint8Array;
  try {
    sig = bs58.decode(signature);
  } catch {
    return { ok: false, reason: 'malformed_response' };
  }
  if (sig.length !== 64) return { ok: false, reason: 'malformed_response' };
  const valid = verify(attestationDigest(handle, value), sig, covalidatorKey.toBytes());
  return valid ? { ok: true, plaintext: value } : { ok: false, reason: 'bad_signature' };
}

function parseBigInt(text: string): bigint | undefined {
  try {
    return BigInt(text);
  } catch {
    return undefined;
  }
}
