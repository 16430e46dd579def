import { PublicKey } from '@solana/web3.js';
import type { SolanaProgramIds } from '../config/program-ids.config';
import { allowanceAddressOf, incoTokenAccountAddressOf } from './inco.addresses';

type IncoIds = Pick<SolanaProgramIds, 'incoToken' | 'incoLightning'>;

/**
 * The IncoToken account of a wallet for a mint: PDA of [wallet, IncoTokenProgramId, mint] under IncoToken
 * (the SPL associated-token layout, with IncoToken standing in for the token program).
 *
 * @example
 * const ata = incoTokenAccountAddress(ids, user, ids.incoMint);
 */
export function incoTokenAccountAddress(ids: IncoIds, wallet: PublicKey, mint: PublicKey): PublicKey {
  return new PublicKey(incoTokenAccountAddressOf(ids, wallet, mint).toBytes());
}

/**
 * The Inco Lightning allowance PDA that lets `allowed` decrypt `handle`: [handle u128 LE, allowed].
 *
 * @example
 * const allowance = allowanceAddress(ids, newBalanceHandle, owner);
 */
export function allowanceAddress(ids: Pick<SolanaProgramIds, 'incoLightning'>, handle: bigint, allowed: PublicKey): PublicKey {
  return new PublicKey(allowanceAddressOf(ids, handle, allowed).toBytes());
}
