import { ComputeBudgetInstruction, ComputeBudgetProgram, TransactionInstruction } from '@solana/web3.js';
import type { PolicyParams } from './policy-params';
import { refuse } from './policy-verdict';
import type { InstructionView } from './transaction-view';

/** The runtime's ceiling; asking for more is harmless but meaningless, so it marks a crafted tx. */
const MAX_COMPUTE_UNITS = 1_400_000;

export function isComputeBudget(ix: InstructionView): boolean {
  return ix.programId.equals(ComputeBudgetProgram.programId);
}

/**
 * ComputeBudget instructions cost the fee payer: the unit price times the limit is a priority fee.
 * Only a unit limit and a bounded unit price are accepted, with no accounts.
 */
export function checkComputeBudget(ix: InstructionView, params: PolicyParams): void {
  if (ix.accounts.length > 0) refuse('unexpected_compute_budget', `instruction ${ix.position} carries accounts`);
  const decoded = new TransactionInstruction({ programId: ix.programId, keys: [], data: Buffer.from(ix.data) });
  let type: string;
  try {
    type = ComputeBudgetInstruction.decodeInstructionType(decoded);
  } catch {
    refuse('unexpected_compute_budget', `instruction ${ix.position} is not a ComputeBudget instruction`);
  }
  if (type === 'SetComputeUnitLimit') {
    const { units } = ComputeBudgetInstruction.decodeSetComputeUnitLimit(decoded);
    if (units > MAX_COMPUTE_UNITS) refuse('compute_budget_too_high', `instruction ${ix.position} asks ${units} units`);
    return;
  }
  if (type === 'SetComputeUnitPrice') {
    const { microLamports } = ComputeBudgetInstruction.decodeSetComputeUnitPrice(decoded);
    if (BigInt(microLamports) > params.maxComputeUnitPriceMicroLamports) {
      refuse('compute_budget_too_high', `instruction ${ix.position} sets price ${String(microLamports)} micro-lamports`);
    }
    return;
  }
  refuse('unexpected_compute_budget', `instruction ${ix.position} is ${type}`);
}
