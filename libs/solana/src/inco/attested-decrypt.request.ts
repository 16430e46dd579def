import bs58 from 'bs58';
import type { AddressLike } from '../address/address';

/** The body of `POST <covalidator>/crypto/getDecryptAttested`. */
export interface AttestedDecryptRequest {
  /** The u128 handle in decimal (the covalidator rejects hex). */
  readonly handle: string;
  /** The base58 wallet that holds decrypt rights on the handle. */
  readonly address: string;
  /** base58 ed25519 signature by that wallet over the UTF-8 bytes of `handle`. */
  readonly signature: string;
}

/** Anything that signs raw bytes with the wallet's ed25519 key (a Keypair wrapper or a wallet adapter). */
export type MessageSigner = (message: Uint8Array) => Uint8Array | Promise<Uint8Array>;

/** The exact bytes the wallet signs to prove it may decrypt a handle. */
export function decryptRequestMessage(handle: bigint): Uint8Array {
  return new TextEncoder().encode(handle.toString(10));
}

/**
 * Builds the attested-decrypt request body for one handle.
 *
 * @example
 * const body = await buildAttestedDecryptRequest(acct.delegatedAmountHandle, facilitator.publicKey,
 *   (m) => nacl.sign.detached(m, facilitator.secretKey));
 * await fetch(`${covalidatorUrl}/crypto/getDecryptAttested`, { method: 'POST', body: JSON.stringify(body) });
 */
export async function buildAttestedDecryptRequest(
  handle: bigint,
  address: AddressLike & { toBase58(): string },
  sign: MessageSigner,
): Promise<AttestedDecryptRequest> {
  if (handle <= 0n) throw new RangeError('handle 0 is uninitialised and cannot be decrypted');
  const signature = await sign(decryptRequestMessage(handle));
  if (signature.length !== 64) throw new RangeError('ed25519 signature must be 64 bytes');
  return { handle: handle.toString(10), address: address.toBase58(), signature: bs58.encode(signature) };
}
