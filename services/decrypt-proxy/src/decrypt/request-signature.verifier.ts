import { PublicKey } from '@solana/web3.js';
import bs58 from 'bs58';
import { nativeEd25519 } from '@quietpay/platform';

/** Parses a base58 ed25519 public key; undefined when it is not one. */
export function parseAddress(address: string): PublicKey | undefined {
  try {
    const bytes = bs58.decode(address);
    return bytes.length === 32 ? new PublicKey(bytes) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `signature` (base58) is `address`'s ed25519 signature over the UTF-8 handle string,
 * exactly what the covalidator checks. Checked here too so a cached plaintext is only ever
 * served to the wallet that proves it is `address`.
 */
export function isValidHandleSignature(handle: string, address: PublicKey, signature: string): boolean {
  let sig: Uint8Array;
  try {
    sig = bs58.decode(signature);
  } catch {
    return false;
  }
  return nativeEd25519.verifyRaw(new TextEncoder().encode(handle), sig, address.toBytes());
}
