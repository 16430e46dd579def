import { incoTokenAccountAddress } from '@quietpay/solana';
import { PublicKey, SystemProgram } from '@solana/web3.js';
import { accountAt, expectKey, readIncoArgs } from './inco-instruction.reader';
import type { PolicyParams } from './policy-params';
import { refuse } from './policy-verdict';
import type { InstructionView } from './transaction-view';

export function tokenAccountOf(params: PolicyParams, wallet: PublicKey): PublicKey {
  return incoTokenAccountAddress(params, wallet, params.mint);
}

export function expectAccountCount(ix: InstructionView, count: number): void {
  if (ix.accounts.length !== count) refuse('unexpected_accounts', `instruction ${ix.position} has ${ix.accounts.length} accounts, expected ${count}`);
}

export function expectPrograms(ix: InstructionView, params: PolicyParams, lightningSlot: number, systemSlot: number | undefined): void {
  expectKey(ix, lightningSlot, 'inco_lightning_program', params.incoLightning, 'program_account_mismatch');
  if (systemSlot !== undefined) expectKey(ix, systemSlot, 'system_program', SystemProgram.programId, 'program_account_mismatch');
}

/**
 * An allowance PDA slot: writable, and none of the transaction's parties (a PDA cannot be the
 * facilitator or a wallet; this stops a party's key riding in a writable slot).
 */
export function expectAllowanceSlot(ix: InstructionView, slot: number, parties: readonly PublicKey[]): void {
  const ref = accountAt(ix, slot, 'allowance');
  if (!ref.writable) refuse('allowance_account_invalid', `instruction ${ix.position}: allowance is read-only`);
  if (parties.some((p) => p.equals(ref.key)) || PublicKey.isOnCurve(ref.key.toBytes())) {
    refuse('allowance_account_invalid', `instruction ${ix.position}: allowance ${ref.key.toBase58()} is not a PDA`);
  }
}

/** create_idempotent for `wallet`'s account, paid by one of `payers`: payer, associated_token, wallet, mint, system, lightning. */
export function checkCreateIdempotent(ix: InstructionView, params: PolicyParams, wallet: PublicKey, payers: readonly PublicKey[]): void {
  expectAccountCount(ix, 6);
  readIncoArgs(ix, 'create_idempotent');
  const payer = accountAt(ix, 0, 'payer');
  if (!payers.some((p) => p.equals(payer.key))) refuse('payer_mismatch', `instruction ${ix.position}: payer is ${payer.key.toBase58()}`);
  expectKey(ix, 1, 'associated_token', tokenAccountOf(params, wallet), 'token_account_mismatch');
  expectKey(ix, 2, 'wallet', wallet, 'owner_mismatch');
  expectKey(ix, 3, 'mint', params.mint, 'mint_mismatch');
  expectKey(ix, 4, 'system_program', SystemProgram.programId, 'program_account_mismatch');
  expectKey(ix, 5, 'inco_lightning_program', params.incoLightning, 'program_account_mismatch');
}
