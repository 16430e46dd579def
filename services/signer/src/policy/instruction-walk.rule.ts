import { PublicKey, SystemProgram } from '@solana/web3.js';
import { checkComputeBudget, isComputeBudget } from './compute-budget.rule';
import { type IncoInstructionName, incoInstructionName } from './inco-instruction.reader';
import type { PolicyParams } from './policy-params';
import { refuse } from './policy-verdict';
import type { InstructionView, TransactionView } from './transaction-view';

/**
 * The frame every transaction policy shares: the facilitator pays the fee, signs only beside the
 * listed wallets, ComputeBudget is bounded, and any program other than ComputeBudget and IncoToken
 * is refused. Each IncoToken instruction goes to `onInco`, which refuses what its purpose does not allow.
 */
export function walkInstructions(
  view: TransactionView,
  params: PolicyParams,
  otherSigners: readonly PublicKey[],
  onInco: (ix: InstructionView, name: IncoInstructionName) => void,
): void {
  if (!view.feePayer.equals(params.facilitator)) refuse('fee_payer_mismatch', `fee payer is ${view.feePayer.toBase58()}`);
  for (const signer of view.requiredSigners.slice(1)) {
    if (!otherSigners.some((k) => k.equals(signer))) refuse('unexpected_signer', `${signer.toBase58()} must not sign`);
  }
  for (const ix of view.instructions) {
    if (isComputeBudget(ix)) checkComputeBudget(ix, params);
    else if (ix.programId.equals(params.incoToken)) onInco(ix, incoInstructionName(ix));
    else if (ix.programId.equals(SystemProgram.programId) && ix.accounts.some((a) => a.key.equals(params.facilitator))) {
      refuse('moves_facilitator_funds', `instruction ${ix.position} is a System instruction naming the facilitator`);
    } else refuse('unexpected_program', `instruction ${ix.position} runs ${ix.programId.toBase58()}`);
  }
}

/** Every writable account must be one the purpose expects (the fee payer always is). */
export function checkWritableSet(view: TransactionView, allowed: readonly PublicKey[]): void {
  for (const account of view.accounts) {
    if (account.index === 0 || !account.writable) continue;
    if (!allowed.some((k) => k.equals(account.key))) refuse('unexpected_writable_account', `${account.key.toBase58()} is writable`);
  }
}

export function requireDistinct(facilitator: PublicKey, wallet: PublicKey, role: string): void {
  if (wallet.equals(facilitator)) refuse('facilitator_as_party', `the ${role} must not be the facilitator`);
}
