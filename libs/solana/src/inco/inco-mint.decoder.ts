import type { PublicKey } from '@solana/web3.js';
import { AccountLayoutError } from '../codec/account-layout.error';
import { decodeIncoTokenAccount } from './idl/inco.decoders';

/** A decoded IncoToken mint; the supply is a handle. */
export interface IncoMint {
  readonly mintAuthority: PublicKey | null;
  readonly supplyHandle: bigint;
  readonly decimals: number;
  readonly isInitialized: boolean;
  readonly freezeAuthority: PublicKey | null;
}

/**
 * Decodes IncoMint data with the IDL (trailing bytes after freeze_authority are the program's padding and ignored).
 *
 * @example
 * const { decimals } = decodeIncoMint((await connection.getAccountInfo(ids.incoMint))!.data);
 */
export function decodeIncoMint(data: Uint8Array): IncoMint {
  let f: Record<string, unknown>;
  try {
    f = decodeIncoTokenAccount('IncoMint', data);
  } catch (error) {
    throw new AccountLayoutError(`IncoMint does not decode: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    mintAuthority: (f['mint_authority'] as PublicKey | null) ?? null,
    supplyHandle: f['supply'] as bigint,
    decimals: f['decimals'] as number,
    isInitialized: f['is_initialized'] as boolean,
    freezeAuthority: (f['freeze_authority'] as PublicKey | null) ?? null,
  };
}
