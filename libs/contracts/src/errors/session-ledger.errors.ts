import type { ErrorCodeTable } from './retry-class';

/**
 * Every code session-ledger raises, with its retry class. Codes shared with the x402 vocabulary
 * (`cap_exceeded`, `nonce_replayed`, …) keep the x402 spelling: the gateway passes them on as
 * `invalidReason` / `errorReason`. Frozen once published (the gateway and the submitter switch on
 * them); the gateway's mapping is a Record over this set, so a new code does not compile until mapped.
 *
 * @example
 * LEDGER_ERROR_CODES.cap_exceeded; // 'terminal'
 */
export const LEDGER_ERROR_CODES = {
  // Malformed or unverifiable requests.
  invalid_request: 'client_error',
  invalid_payload: 'client_error',
  invalid_scheme: 'client_error',
  invalid_payment_requirements: 'client_error',
  invalid_network: 'client_error',
  invalid_recipient: 'client_error',
  asset_mismatch: 'client_error',
  amount_mismatch: 'client_error',
  recipient_mismatch: 'client_error',
  resource_mismatch: 'client_error',
  spender_mismatch: 'client_error',
  terms_mismatch: 'client_error',
  bad_auth_signature: 'client_error',
  bad_session_signature: 'client_error',
  bad_close_signature: 'client_error',
  stale_close_request: 'client_error',
  cap_too_large: 'client_error',
  expiry_too_far: 'client_error',
  per_call_limit_too_large: 'client_error',
  per_call_limit_exceeded: 'client_error',
  amount_below_minimum: 'client_error',
  legacy_sessions_disabled: 'client_error',
  legacy_payload_disabled: 'client_error',
  legacy_payload_refused: 'client_error',
  legacy_session: 'client_error',
  source_account_missing: 'client_error',
  recipient_in_config: 'client_error',
  // Unknown ids.
  session_not_found: 'client_error',
  charge_not_found: 'client_error',
  // Replays: the request was already used.
  nonce_replayed: 'client_error',
  close_replayed: 'client_error',
  idempotency_conflict: 'client_error',
  // The session or charge is in a state that refuses the request for good.
  session_expired: 'terminal',
  session_revoked: 'terminal',
  session_closed: 'terminal',
  session_suspended: 'terminal',
  cap_exceeded: 'terminal',
  facilitator_budget_exhausted: 'terminal',
  delegation_revoked: 'terminal',
  delegate_mismatch: 'terminal',
  cap_mismatch: 'terminal',
  sign_refused: 'terminal',
  invalid_transaction_state: 'terminal',
  charge_released: 'terminal',
  charge_not_reserved: 'terminal',
  charge_in_transfer: 'terminal',
  charge_in_batch: 'terminal',
  batch_conflict: 'terminal',
  batch_empty: 'terminal',
  // Asking again may succeed.
  rate_limited: 'retryable',
  rpc_error: 'retryable',
  // A later authorization of the batch replaced this one: the submitter authorizes again.
  batch_attempt_superseded: 'retryable',
} as const satisfies ErrorCodeTable;

/** A code session-ledger raises. */
export type LedgerErrorCode = keyof typeof LEDGER_ERROR_CODES;
