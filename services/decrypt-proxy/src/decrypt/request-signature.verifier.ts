import { PublicKey } from '@solana/web3.js';
import bs58 from 'bs58';
import { nativeEd25519 } from '@quietpay/platform';
import { isBase58Address } from '@quietpay/x402';

/** Parses a base58 ed25519 public key; undefined when it is not one. */
export function parseAddress(address: string): PublicKey | undefined {
  return isBase58Address(address) ? new PublicKey(address) : undefined;
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
