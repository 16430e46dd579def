import * as ecies from 'ecies-geth';
import { writeUintLE } from '../codec/little-endian.codec';

/** Fixed ECIES overhead: ephemeral pubkey 65 ‖ IV 16 ‖ ... ‖ HMAC-SHA256 32. */
export const ECIES_OVERHEAD_BYTES = 113;

function teeKeyBytes(teePublicKey: Uint8Array | string): Buffer {
  const key = typeof teePublicKey === 'string' ? Buffer.from(teePublicKey.replace(/^0x/, ''), 'hex') : Buffer.from(teePublicKey);
  if (key.length !== 65 || key[0] !== 0x04) throw new RangeError('TEE public key must be a 65-byte uncompressed secp256k1 key');
  return key;
}

/**
 * Encrypts an amount for Inco's TEE the way `@inco/solana-sdk`'s `encryptValue` does: ECIES
 * (ecies-geth: secp256k1, AES-128-CTR, HMAC-SHA256) over the ASCII decimal string of the value.
 * Returns raw bytes (the SDK returns the same bytes as hex) for the instruction's `ciphertext` arg.
 *
 * @example
 * const ciphertext = await encryptAmountForTee(5_000_000n, config.teePublicKeyHex);
 * approveCheckedInstruction(ids, { ..., ciphertext, decimals: 6 });
 */
export async function encryptAmountForTee(amount: bigint, teePublicKey: Uint8Array | string): Promise<Uint8Array> {
  writeUintLE(amount, 16); // range check: Euint128 values are 0..2^128-1
  const sealed = await ecies.encrypt(teeKeyBytes(teePublicKey), Buffer.from(amount.toString(10), 'ascii'));
  return new Uint8Array(sealed);
}
