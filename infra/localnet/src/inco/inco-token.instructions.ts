/**
 * Builders for the IncoToken instructions the module itself sends at start (the mint, the dev
 * wallets' accounts, their initial balances). Services have their own encoders in libs/solana;
 * localnet imports none of our libs.
 */
import { PublicKey, TransactionInstruction } from '@solana/web3.js';
import type { AccountMeta } from '@solana/web3.js';
import { BorshWriter } from './borsh.codec';
import { SYSTEM_PROGRAM_ID } from './inco.config';
import { INCO_TOKEN_DISCRIMINATORS } from './inco-token.discriminators';
import type { IncoTokenInstructionName } from './inco-token.discriminators';

export interface IncoProgramIds {
  incoToken: PublicKey;
  incoLightning: PublicKey;
}

const SYSTEM = new PublicKey(SYSTEM_PROGRAM_ID);
const meta = (pubkey: PublicKey, isWritable: boolean, isSigner = false): AccountMeta => ({ pubkey, isSigner, isWritable });

function ix(ids: IncoProgramIds, name: IncoTokenInstructionName, keys: AccountMeta[], args: Uint8Array = new Uint8Array()): TransactionInstruction {
  const data = Buffer.alloc(8 + args.length);
  data.set(INCO_TOKEN_DISCRIMINATORS[name], 0);
  data.set(args, 8);
  return new TransactionInstruction({ programId: ids.incoToken, keys, data });
}

export function initializeMintIx(ids: IncoProgramIds, mint: PublicKey, payer: PublicKey, decimals: number, authority: PublicKey): TransactionInstruction {
  const args = new BorshWriter(34).u8(decimals).pubkey(authority).u8(0).bytes;
  return ix(ids, 'initialize_mint', [meta(mint, true, true), meta(payer, true, true), meta(SYSTEM, false), meta(ids.incoLightning, false)], args);
}

export function createIdempotentIx(ids: IncoProgramIds, payer: PublicKey, tokenAccount: PublicKey, wallet: PublicKey, mint: PublicKey): TransactionInstruction {
  return ix(ids, 'create_idempotent', [
    meta(payer, true, true),
    meta(tokenAccount, true),
    meta(wallet, false),
    meta(mint, false),
    meta(SYSTEM, false),
    meta(ids.incoLightning, false),
  ]);
}

export function ciphertextArgs(ciphertext: Uint8Array): Uint8Array {
  return new BorshWriter(4 + ciphertext.length + 1).bytesVec(ciphertext).u8(0).bytes;
}

/** mint_to; pass the allowance PDA of the new balance handle and the owner to grant decrypt rights. */
export function mintToIx(
  ids: IncoProgramIds,
  a: { mint: PublicKey; account: PublicKey; authority: PublicKey; ciphertext: Uint8Array; allowance?: { pda: PublicKey; owner: PublicKey } },
): TransactionInstruction {
  const keys = [meta(a.mint, true), meta(a.account, true), meta(a.authority, true, true), meta(ids.incoLightning, false), meta(SYSTEM, false)];
  if (a.allowance) keys.push(meta(a.allowance.pda, true), meta(a.allowance.owner, false));
  return ix(ids, 'mint_to', keys, ciphertextArgs(a.ciphertext));
}

export function approveCheckedIx(
  ids: IncoProgramIds,
  a: { source: PublicKey; mint: PublicKey; delegate: PublicKey; owner: PublicKey; ciphertext: Uint8Array; decimals: number; allowance?: PublicKey },
): TransactionInstruction {
  const keys = [meta(a.source, true), meta(a.mint, false), meta(a.delegate, false), meta(a.owner, true, true), meta(ids.incoLightning, false), meta(SYSTEM, false)];
  if (a.allowance) keys.push(meta(a.allowance, true), meta(a.delegate, false));
  const args = new Uint8Array([...ciphertextArgs(a.ciphertext), a.decimals]);
  return ix(ids, 'approve_checked', keys, args);
}

/** transfer; `allowances` are [src_allowance, src_owner, dst_allowance, dst_owner] when known. */
export function transferIx(
  ids: IncoProgramIds,
  a: { source: PublicKey; destination: PublicKey; authority: PublicKey; ciphertext: Uint8Array; allowances?: PublicKey[] },
): TransactionInstruction {
  const keys = [meta(a.source, true), meta(a.destination, true), meta(a.authority, true, true), meta(ids.incoLightning, false), meta(SYSTEM, false)];
  (a.allowances ?? []).forEach((k, i) => keys.push(meta(k, i % 2 === 0)));
  return ix(ids, 'transfer', keys, ciphertextArgs(a.ciphertext));
}
