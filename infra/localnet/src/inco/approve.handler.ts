import type { InstructionAccount, InstructionContext } from '../emulation/types';
import type { AnchorAccounts } from './anchor-accounts.util';
import { AccountState } from './inco-account.layout';
import type { IncoTokenDeps } from './inco-token.deps';
import { anchorAccounts, readArgs, readCiphertextArgs, saveIncoAccount } from './inco-token.deps';

/**
 * approve(ciphertext, input_type): source(w), delegate, owner(w,s), inco_lightning, system.
 * approve_checked(ciphertext, input_type, decimals): source(w), mint, delegate, owner(w,s),
 * inco_lightning, system. Both set `delegate` and the encrypted `delegated_amount` (no expiry, and
 * transfer never consumes it); remaining [allowance(w), delegate] grant the delegate decrypt
 * rights on that delegated handle.
 */
export function approve(ctx: InstructionContext, deps: IncoTokenDeps): void {
  const acc = anchorAccounts(ctx, deps);
  const source = acc.at(0);
  const delegate = acc.at(1);
  const owner = acc.signer(acc.at(2), 'owner');
  const lightning = acc.at(3);
  acc.systemProgram(acc.at(4));
  const args = readArgs(ctx, acc, readCiphertextArgs);
  applyApproval(ctx, deps, acc, { source, delegate, owner, lightning, declared: 5, ...args });
}

export function approveChecked(ctx: InstructionContext, deps: IncoTokenDeps): void {
  const acc = anchorAccounts(ctx, deps);
  const source = acc.at(0);
  const mintMeta = acc.at(1);
  const delegate = acc.at(2);
  const owner = acc.signer(acc.at(3), 'owner');
  const lightning = acc.at(4);
  acc.systemProgram(acc.at(5));
  const mint = acc.incoMint(mintMeta, 'mint');
  const args = readArgs(ctx, acc, (a) => ({ ...readCiphertextArgs(a), decimals: a['decimals'] as number }));
  applyApproval(ctx, deps, acc, {
    source,
    delegate,
    owner,
    lightning,
    declared: 6,
    ...args,
    mint: { address: mintMeta, isInitialized: mint.isInitialized, decimals: mint.decimals },
  });
}

interface Approval {
  source: InstructionAccount;
  delegate: InstructionAccount;
  owner: InstructionAccount;
  lightning: InstructionAccount;
  declared: number;
  ciphertext: Uint8Array;
  inputType: number;
  decimals?: number;
  mint?: { address: InstructionAccount; isInitialized: boolean; decimals: number };
}

function applyApproval(ctx: InstructionContext, deps: IncoTokenDeps, acc: AnchorAccounts, a: Approval): void {
  const account = acc.incoAccount(a.source, 'source');
  acc.mut(a.source, 'source');
  acc.require(account.state === AccountState.Initialized, 'UninitializedState');
  if (!a.mint) acc.require(account.owner.equals(a.owner.pubkey), 'OwnerMismatch');
  if (a.mint) acc.require(a.mint.isInitialized, 'UninitializedState');
  acc.mut(a.owner, 'owner');
  acc.address(a.lightning, deps.lightning.programId, 'inco_lightning_program');
  if (a.mint) {
    acc.require(account.owner.equals(a.owner.pubkey), 'OwnerMismatch');
    acc.require(account.mint.equals(a.mint.address.pubkey), 'MintMismatch');
    acc.require(a.mint.decimals === a.decimals, 'MintDecimalsMismatch');
  }

  const amount = deps.lightning.newEuint128(ctx, a.owner.pubkey, a.ciphertext, a.inputType);
  account.delegate = a.delegate.pubkey;
  account.delegatedAmount = amount;
  saveIncoAccount(ctx, a.source.pubkey, account);

  const remaining = acc.remaining(a.declared);
  if (remaining[0] && remaining[1]) deps.lightning.allow(ctx, a.owner, remaining[0], a.delegate.pubkey, amount);
}
