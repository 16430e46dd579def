import { PublicKey } from '@solana/web3.js';
import { u128ToLe } from './borsh.codec';

/** IncoToken's associated token account: seeds [wallet, IncoTokenProgramId, mint] under IncoToken. */
export function incoTokenAccountAddress(wallet: PublicKey, mint: PublicKey, incoTokenProgramId: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([wallet.toBytes(), incoTokenProgramId.toBytes(), mint.toBytes()], incoTokenProgramId)[0];
}

/** Inco Lightning allowance PDA: seeds [handle as 16-byte LE, allowed address]. */
export function allowanceAddress(handle: bigint, allowed: PublicKey, incoLightningProgramId: PublicKey): [PublicKey, number] {
  return PublicKey.findProgramAddressSync([u128ToLe(handle), allowed.toBytes()], incoLightningProgramId);
}
