import type { ErrorCodeTable } from './retry-class';

/**
 * Every rule the signer refuses a transaction (or a decrypt authorization) by: the `reason` of a
 * refused sign outcome, which callers receive as `sign_refused` with the rule in its context. All
 * are terminal: a policy refusal is a verdict on the bytes, and the same bytes never pass.
 *
 * @example
 * SIGNER_REFUSAL_CODES.moves_facilitator_funds; // 'terminal'
 */
export const SIGNER_REFUSAL_CODES = {
  address_lookup_table: 'terminal',
  allowance_account_invalid: 'terminal',
  amount_mismatch: 'terminal',
  approve_count: 'terminal',
  authority_mismatch: 'terminal',
  authorization_expired: 'terminal',
  authorization_forged: 'terminal',
  authorization_malformed: 'terminal',
  authorization_required: 'terminal',
  compute_budget_too_high: 'terminal',
  create_count: 'terminal',
  decimals_mismatch: 'terminal',
  delegate_mismatch: 'terminal',
  destination_mismatch: 'terminal',
  facilitator_as_party: 'terminal',
  fee_payer_mismatch: 'terminal',
  invalid_policy_context: 'terminal',
  malformed_instruction: 'terminal',
  malformed_transaction: 'terminal',
  mint_mismatch: 'terminal',
  missing_blockhash: 'terminal',
  moves_facilitator_funds: 'terminal',
  not_a_handle: 'terminal',
  owner_mismatch: 'terminal',
  owner_not_signer: 'terminal',
  payer_mismatch: 'terminal',
  program_account_mismatch: 'terminal',
  self_transfer: 'terminal',
  source_mismatch: 'terminal',
  token_account_mismatch: 'terminal',
  top_up_count: 'terminal',
  top_up_source_mismatch: 'terminal',
  top_up_target_mismatch: 'terminal',
  top_up_too_large: 'terminal',
  transfer_count: 'terminal',
  unexpected_accounts: 'terminal',
  unexpected_compute_budget: 'terminal',
  unexpected_inco_instruction: 'terminal',
  unexpected_instruction: 'terminal',
  unexpected_program: 'terminal',
  unexpected_signer: 'terminal',
  unexpected_writable_account: 'terminal',
  unknown_purpose: 'terminal',
} as const satisfies ErrorCodeTable;

/** A signer policy rule's stable name. */
export type SignerRefusalCode = keyof typeof SIGNER_REFUSAL_CODES;
