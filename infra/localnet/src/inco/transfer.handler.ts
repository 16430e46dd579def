import { PublicKey } from '@solana/web3.js';
import type { InstructionAccount, InstructionContext } from '../emulation/types';
import type { AnchorAccounts } from './anchor-accounts.util';
import { INSTRUCTIONS_SYSVAR_ID } from './inco.config';
import { AccountState } from './inco-account.layout';
import type { IncoTokenDeps } from './inco-token.deps';
import { anchorAccounts, readArgs, readCiphertextArgs, saveIncoAccount } from './inco-token.deps';

/**
 * transfer(ciphertext, input_type): source(w), destination(w), authority(w,s), inco_lightning,
 * system; remaining [src_allowance(w), src_owner, dst_allowance(w), dst_owner].
 * The authority must be the source owner or its delegate. The program computes
 * moved = select(src ≥ amt, amt, 0): an underfunded transfer succeeds and moves 0, and
 * delegated_amount is neither checked nor decremented.
 */
export function transfer(ctx: InstructionContext, deps: IncoTokenDeps): void {
  const acc = anchorAccounts(ctx, deps);
  const source = acc.at(0);
  const destination = acc.at(1);
  const authority = acc.signer(acc.at(2), 'authority');
  const lightning = acc.at(3);
  acc.systemProgram(acc.at(4));
  applyTransfer(ctx, deps, acc, { source, destination, authority, lightning, declared: 5, authorityMut: true });
}

/**
 * transfer_with_authorization(ciphertext, input_type): source(w), destination(w), payer(s),
 * instructions_sysvar, inco_lightning, system; same remaining accounts. The payer (the user)
 * signs the transaction and is the authority, which is why it cannot give sign-once sessions.
 */
export function transferWithAuthorization(ctx: InstructionContext, deps: IncoTokenDeps): void {
  const acc = anchorAccounts(ctx, deps);
  const source = acc.at(0);
  const destination = acc.at(1);
  const payer = acc.signer(acc.at(2), 'payer');
  const sysvar = acc.at(3);
  const lightning = acc.at(4);
  acc.systemProgram(acc.at(5));
  acc.address(sysvar, new PublicKey(INSTRUCTIONS_SYSVAR_ID), 'instructions_sysvar');
  applyTransfer(ctx, deps, acc, { source, destination, authority: payer, lightning, declared: 6, authorityMut: false });
}

interface TransferAccounts {
  source: InstructionAccount;
  destination: InstructionAccount;
  authority: InstructionAccount;
  lightning: InstructionAccount;
  declared: number;
  /** `authority` is `#[account(mut)]` in transfer; transfer_with_authorization's payer is not. */
  authorityMut: boolean;
}

function applyTransfer(ctx: InstructionContext, deps: IncoTokenDeps, acc: AnchorAccounts, t: TransferAccounts): void {
  // Anchor deserialises every account before any constraint runs.
  const src = acc.incoAccount(t.source, 'source');
  const dst = acc.incoAccount(t.destination, 'destination');
  const { ciphertext, inputType } = readArgs(ctx, acc, readCiphertextArgs);
  acc.mut(t.source, 'source');
  acc.require(src.state !== AccountState.Uninitialized, 'UninitializedState');
  acc.require(src.state !== AccountState.Frozen, 'AccountFrozen');
  acc.mut(t.destination, 'destination');
  acc.require(dst.state !== AccountState.Uninitialized, 'UninitializedState');
  acc.require(dst.state !== AccountState.Frozen, 'AccountFrozen');
  acc.require(dst.mint.equals(src.mint), 'MintMismatch');
  if (t.authorityMut) acc.mut(t.authority, 'authority');
  acc.address(t.lightning, deps.lightning.programId, 'inco_lightning_program');

  // The program returns early for a self-transfer, before the authority check.
  if (t.source.pubkey.equals(t.destination.pubkey)) return;

  const signer = t.authority.pubkey;
  const isDelegate = src.delegate !== null && src.delegate.equals(signer);
  acc.require(src.owner.equals(signer) || isDelegate, 'OwnerMismatch');

  const l = deps.lightning;
  const amount = l.newEuint128(ctx, signer, ciphertext, inputType);
  const hasFunds = l.eGe(ctx, signer, src.amount, amount);
  const zero = l.asEuint128(ctx, signer, 0n);
  const moved = l.eSelect(ctx, signer, hasFunds, amount, zero);
  src.amount = l.eSub(ctx, signer, src.amount, moved);
  dst.amount = l.eAdd(ctx, signer, dst.amount, moved);
  saveIncoAccount(ctx, t.source.pubkey, src);
  saveIncoAccount(ctx, t.destination.pubkey, dst);

  const remaining = acc.remaining(t.declared);
  if (remaining[0] && remaining[1]) l.allow(ctx, t.authority, remaining[0], src.owner, src.amount);
  if (remaining[2] && remaining[3]) l.allow(ctx, t.authority, remaining[2], dst.owner, dst.amount);
}
