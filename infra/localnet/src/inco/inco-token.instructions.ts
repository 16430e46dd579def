/**
 * Builders for the IncoToken instructions the module itself sends at start (the mint, the dev
 * wallets' accounts, their initial balances) and its tests send. Data is written by Anchor's coder
 * (anchor-inco.coder.ts) and account order taken from the IncoToken IDL, the description the
 * services encode with (libs/solana's own coder) and the emulator decodes with (Anchor's).
 */
import { type IdlValue, type IncoTokenInstructionName, incoTokenAccountMetas } from '@quietpay/solana';
import { type AccountMeta, PublicKey, TransactionInstruction } from '@solana/web3.js';
import { anchorEncodeIncoTokenInstruction } from './anchor-inco.coder';
import { SYSTEM_PROGRAM_ID } from './inco.config';

export interface IncoProgramIds {
  incoToken: PublicKey;
  incoLightning: PublicKey;
}

const SYSTEM = new PublicKey(SYSTEM_PROGRAM_ID);
const meta = (pubkey: PublicKey, isWritable: boolean): AccountMeta => ({ pubkey, isSigner: false, isWritable });

function ix(
  ids: IncoProgramIds,
  name: IncoTokenInstructionName,
  accounts: Record<string, PublicKey>,
  args: Record<string, IdlValue>,
  remaining: AccountMeta[] = [],
): TransactionInstruction {
  const keys = incoTokenAccountMetas(name, { inco_lightning_program: ids.incoLightning, system_program: SYSTEM, ...accounts });
  return new TransactionInstruction({
    programId: ids.incoToken,
    keys: [...keys, ...remaining],
    data: Buffer.from(anchorEncodeIncoTokenInstruction(name, args)),
  });
}

export function initializeMintIx(ids: IncoProgramIds, mint: PublicKey, payer: PublicKey, decimals: number, authority: PublicKey): TransactionInstruction {
  return ix(ids, 'initialize_mint', { mint, payer }, { decimals, mint_authority: authority, freeze_authority: null });
}

export function createIdempotentIx(ids: IncoProgramIds, payer: PublicKey, tokenAccount: PublicKey, wallet: PublicKey, mint: PublicKey): TransactionInstruction {
  return ix(ids, 'create_idempotent', { payer, associated_token: tokenAccount, wallet, mint }, {});
}

/** mint_to; pass the allowance PDA of the new balance handle and the owner to grant decrypt rights. */
export function mintToIx(
  ids: IncoProgramIds,
  a: { mint: PublicKey; account: PublicKey; authority: PublicKey; ciphertext: Uint8Array; allowance?: { pda: PublicKey; owner: PublicKey } },
): TransactionInstruction {
  const remaining = a.allowance ? [meta(a.allowance.pda, true), meta(a.allowance.owner, false)] : [];
  return ix(ids, 'mint_to', { mint: a.mint, account: a.account, mint_authority: a.authority }, { ciphertext: a.ciphertext, input_type: 0 }, remaining);
}

export function approveCheckedIx(
  ids: IncoProgramIds,
  a: { source: PublicKey; mint: PublicKey; delegate: PublicKey; owner: PublicKey; ciphertext: Uint8Array; decimals: number; allowance?: PublicKey },
): TransactionInstruction {
  const remaining = a.allowance ? [meta(a.allowance, true), meta(a.delegate, false)] : [];
  return ix(
    ids,
    'approve_checked',
    { source: a.source, mint: a.mint, delegate: a.delegate, owner: a.owner },
    { ciphertext: a.ciphertext, input_type: 0, decimals: a.decimals },
    remaining,
  );
}

/** transfer; `allowances` are [src_allowance, src_owner, dst_allowance, dst_owner] when known. */
export function transferIx(
  ids: IncoProgramIds,
  a: { source: PublicKey; destination: PublicKey; authority: PublicKey; ciphertext: Uint8Array; allowances?: PublicKey[] },
): TransactionInstruction {
  const remaining = (a.allowances ?? []).map((k, i) => meta(k, i % 2 === 0));
  return ix(ids, 'transfer', { source: a.source, destination: a.destination, authority: a.authority }, { ciphertext: a.ciphertext, input_type: 0 }, remaining);
}
