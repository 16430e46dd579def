import type { PublicKey } from '@solana/web3.js';
import { AccountReader, expectDiscriminator } from '../codec/account-reader.codec';
import { anchorAccountDiscriminator } from './anchor-discriminator.util';

const INCO_MINT_DISCRIMINATOR = anchorAccountDiscriminator('IncoMint');

/** A decoded IncoToken mint; the supply is a handle. */
export interface IncoMint {
  readonly mintAuthority: PublicKey | null;
  readonly supplyHandle: bigint;
  readonly decimals: number;
  readonly isInitialized: boolean;
  readonly freezeAuthority: PublicKey | null;
}

/**
 * Decodes IncoMint data (trailing bytes after freeze_authority are the program's padding and ignored).
 *
 * @example
 * const { decimals } = decodeIncoMint((await connection.getAccountInfo(ids.incoMint))!.data);
 */
export function decodeIncoMint(data: Uint8Array): IncoMint {
  expectDiscriminator(data, INCO_MINT_DISCRIMINATOR, 'IncoMint');
  const r = new AccountReader(data);
  r.bytes(8);
  const mintAuthority = r.option(() => r.pubkey());
  const supplyHandle = r.u128();
  const decimals = r.u8();
  const isInitialized = r.bool();
  const freezeAuthority = r.option(() => r.pubkey());
  return { mintAuthority, supplyHandle, decimals, isInitialized, freezeAuthority };
}
