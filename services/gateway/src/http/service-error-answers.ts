import type { ChainPollerErrorCode, DecryptProxyErrorCode, LedgerErrorCode, SubmitterErrorCode, TxBuilderErrorCode } from '@quietpay/contracts';
import type { PlatformErrorCode, TransportErrorCode } from '@quietpay/platform';
import type { X402ErrorCode } from '@quietpay/x402';
import type { ApiErrorCode } from './api-error-code';

/**
 * Every code the gateway can receive (libs/contracts `*_ERROR_CODES`), and the platform's: those of
 * the services it calls (session-ledger, the submitter's status, chain-poller's lookup) and of the
 * services behind them whose codes they pass on (tx-builder, decrypt-proxy via a session open).
 * Not crank-keeper's: the gateway asks it only for its health, whose reply carries no code.
 */
export type ServiceErrorCode = PlatformErrorCode | LedgerErrorCode | SubmitterErrorCode | TxBuilderErrorCode | ChainPollerErrorCode | DecryptProxyErrorCode;

/**
 * How an API route answers a service's code: `unavailable` (a transport failure: 503
 * `dependency_unavailable`), `as_is` (the code is an ApiErrorCode: answered with it and its status
 * from API_ERROR_STATUS) or `withheld` (not a client's concern: 503 when the error says a retry may
 * succeed, else 422 `request_refused`). Forced per code by the code's kind, so the compiler says
 * which applies: to pass a `withheld` code on, add it to api-error-code.ts first.
 */
export type ApiAnswer<C extends ServiceErrorCode> = C extends TransportErrorCode ? 'unavailable' : C extends ApiErrorCode ? 'as_is' : 'withheld';

/** How a service's code answers an x402 /verify or /settle: that reason, or the operation's `unexpected_*_error`. */
export type X402Answer = X402ErrorCode | 'unexpected';

/**
 * THE map from every service error code to the gateway's answers, on its API routes and as an
 * x402 reason. A Record over the whole ServiceErrorCode union: a code a service adds or renames
 * does not compile until it has its row here.
 */
export const SERVICE_ERROR_ANSWERS: { readonly [C in ServiceErrorCode]: { readonly api: ApiAnswer<C>; readonly x402: X402Answer } } = {
  // platform (libs/platform)
  bus_bad_reply: { api: 'withheld', x402: 'unexpected' },
  bus_no_responders: { api: 'unavailable', x402: 'unexpected' },
  bus_timeout: { api: 'unavailable', x402: 'unexpected' },
  bus_unavailable: { api: 'unavailable', x402: 'unexpected' },
  config_invalid: { api: 'withheld', x402: 'unexpected' },
  contract_violation: { api: 'as_is', x402: 'unexpected' },
  dependency_unavailable: { api: 'unavailable', x402: 'unexpected' },
  internal: { api: 'as_is', x402: 'unexpected' },
  // session-ledger
  amount_below_minimum: { api: 'as_is', x402: 'amount_below_minimum' },
  amount_mismatch: { api: 'as_is', x402: 'amount_mismatch' },
  asset_mismatch: { api: 'as_is', x402: 'asset_mismatch' },
  bad_auth_signature: { api: 'as_is', x402: 'bad_auth_signature' },
  bad_close_signature: { api: 'as_is', x402: 'unexpected' },
  bad_session_signature: { api: 'as_is', x402: 'bad_session_signature' },
  batch_attempt_superseded: { api: 'withheld', x402: 'unexpected' },
  batch_conflict: { api: 'withheld', x402: 'unexpected' },
  batch_empty: { api: 'withheld', x402: 'unexpected' },
  cap_exceeded: { api: 'as_is', x402: 'cap_exceeded' },
  cap_mismatch: { api: 'as_is', x402: 'unexpected' },
  cap_too_large: { api: 'as_is', x402: 'unexpected' },
  charge_in_batch: { api: 'withheld', x402: 'unexpected' },
  charge_in_transfer: { api: 'withheld', x402: 'unexpected' },
  charge_not_found: { api: 'as_is', x402: 'unexpected' },
  charge_not_reserved: { api: 'as_is', x402: 'unexpected' },
  charge_released: { api: 'withheld', x402: 'unexpected' },
  close_replayed: { api: 'as_is', x402: 'unexpected' },
  delegate_mismatch: { api: 'as_is', x402: 'unexpected' },
  delegation_revoked: { api: 'withheld', x402: 'unexpected' },
  expiry_too_far: { api: 'as_is', x402: 'unexpected' },
  facilitator_budget_exhausted: { api: 'as_is', x402: 'facilitator_budget_exhausted' },
  idempotency_conflict: { api: 'as_is', x402: 'idempotency_conflict' },
  invalid_network: { api: 'as_is', x402: 'invalid_network' },
  invalid_payload: { api: 'as_is', x402: 'invalid_payload' },
  invalid_payment_requirements: { api: 'as_is', x402: 'invalid_payment_requirements' },
  invalid_recipient: { api: 'as_is', x402: 'unexpected' },
  invalid_request: { api: 'as_is', x402: 'unexpected' },
  invalid_scheme: { api: 'as_is', x402: 'invalid_scheme' },
  invalid_transaction_state: { api: 'as_is', x402: 'invalid_transaction_state' },
  legacy_payload_disabled: { api: 'as_is', x402: 'legacy_payload_disabled' },
  legacy_payload_refused: { api: 'as_is', x402: 'legacy_payload_refused' },
  legacy_session: { api: 'as_is', x402: 'legacy_session' },
  legacy_sessions_disabled: { api: 'as_is', x402: 'unexpected' },
  nonce_replayed: { api: 'as_is', x402: 'nonce_replayed' },
  per_call_limit_exceeded: { api: 'as_is', x402: 'per_call_limit_exceeded' },
  per_call_limit_too_large: { api: 'as_is', x402: 'unexpected' },
  rate_limited: { api: 'as_is', x402: 'rate_limited' },
  recipient_in_config: { api: 'as_is', x402: 'unexpected' },
  recipient_mismatch: { api: 'as_is', x402: 'recipient_mismatch' },
  resource_mismatch: { api: 'as_is', x402: 'resource_mismatch' },
  rpc_error: { api: 'as_is', x402: 'rpc_error' },
  session_closed: { api: 'as_is', x402: 'session_closed' },
  session_expired: { api: 'as_is', x402: 'session_expired' },
  session_not_found: { api: 'as_is', x402: 'session_not_found' },
  session_revoked: { api: 'as_is', x402: 'session_revoked' },
  session_suspended: { api: 'as_is', x402: 'session_suspended' },
  sign_refused: { api: 'as_is', x402: 'unexpected' },
  source_account_missing: { api: 'as_is', x402: 'unexpected' },
  spender_mismatch: { api: 'as_is', x402: 'unexpected' },
  stale_close_request: { api: 'as_is', x402: 'unexpected' },
  terms_mismatch: { api: 'as_is', x402: 'unexpected' },
  // submitter
  balance_handles_moved: { api: 'withheld', x402: 'unexpected' },
  batch_form_contended: { api: 'withheld', x402: 'unexpected' },
  batch_not_found: { api: 'withheld', x402: 'unexpected' },
  blockhash_expired: { api: 'withheld', x402: 'unexpected' },
  commit_pending: { api: 'withheld', x402: 'unexpected' },
  insufficient_funds: { api: 'as_is', x402: 'insufficient_funds' },
  job_lock_lost: { api: 'withheld', x402: 'unexpected' },
  release_pending: { api: 'withheld', x402: 'unexpected' },
  rpc_unavailable: { api: 'withheld', x402: 'unexpected' },
  settlement_mismatch: { api: 'withheld', x402: 'unexpected' },
  settlement_not_found: { api: 'as_is', x402: 'unexpected' },
  settlement_pending: { api: 'as_is', x402: 'settlement_pending' },
  source_lock_lost: { api: 'withheld', x402: 'unexpected' },
  transaction_failed: { api: 'withheld', x402: 'unexpected' },
  unexpected_error: { api: 'withheld', x402: 'unexpected' },
  // tx-builder
  approve_tx_rejected: { api: 'as_is', x402: 'unexpected' },
  transfer_simulation_failed: { api: 'withheld', x402: 'unexpected' },
  transfer_terms_invalid: { api: 'withheld', x402: 'unexpected' },
  // chain-poller (invalid_recipient and rpc_error are above: the ledger declares them too)
  invalid_payment_id: { api: 'as_is', x402: 'unexpected' },
  // decrypt-proxy (invalid_request and rate_limited are above)
  attestation_invalid: { api: 'withheld', x402: 'unexpected' },
  bad_decrypt_signature: { api: 'withheld', x402: 'unexpected' },
  covalidator_rejected: { api: 'withheld', x402: 'unexpected' },
  not_allowed: { api: 'withheld', x402: 'unexpected' },
  too_many_handles: { api: 'withheld', x402: 'unexpected' },
};

/** The row of a code a service sent, or undefined for a code no declared set has (a newer peer's). */
export function serviceErrorAnswer(code: string): { readonly api: ApiAnswer<ServiceErrorCode>; readonly x402: X402Answer } | undefined {
  return Object.hasOwn(SERVICE_ERROR_ANSWERS, code) ? SERVICE_ERROR_ANSWERS[code as ServiceErrorCode] : undefined;
}
