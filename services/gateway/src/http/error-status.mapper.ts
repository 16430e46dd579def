import { QuietpayError } from '@quietpay/platform';
import { isX402ErrorCode, X402_ERROR_INFO } from '@quietpay/x402';
import { ApiError } from './api-error';

// The bus could not reach or hear from a service: the request may succeed later, the input was fine.
const UNAVAILABLE = new Set(['bus_timeout', 'bus_no_responders', 'bus_unavailable', 'dependency_unavailable']);

// Codes whose x402 default (402, meant for a resource server's answer) is wrong for a plain API call.
const API_STATUS: Readonly<Record<string, number>> = {
  session_not_found: 404,
  settlement_not_found: 404,
  session_expired: 409,
  session_closed: 409,
  session_revoked: 409,
  nonce_replayed: 409,
  bad_auth_signature: 401,
  invalid_network: 400,
  invalid_payload: 400,
  invalid_request: 400,
  contract_violation: 400,
  terms_mismatch: 400,
  per_call_limit_too_large: 400,
  invalid_recipient: 400,
  approve_tx_rejected: 422,
  cap_mismatch: 422,
  // The operator has not enabled legacy mode: seed-shaped opens are not offered here.
  legacy_sessions_disabled: 403,
  delegate_mismatch: 422,
  source_account_missing: 422,
  bad_close_signature: 401,
  stale_close_request: 401,
  close_replayed: 401,
  charge_not_found: 404,
  invalid_transaction_state: 409,
};

/**
 * Maps a service's coded error to the gateway's HTTP answer, once, for every non-x402 route.
 * A code no table knows is still a deliberate refusal by the service that raised it: 503 when
 * it says a retry may succeed, else 422 with the code. Only a service's own `internal` failure
 * (or a 5xx by definition) becomes a 500, and its message is never echoed.
 */
export function apiErrorFromQuietpayError(error: QuietpayError): ApiError {
  if (UNAVAILABLE.has(error.code)) {
    return new ApiError(503, 'dependency_unavailable', `a backing service is unavailable (${error.code}); retry later`);
  }
  const status = API_STATUS[error.code] ?? (isX402ErrorCode(error.code) ? X402_ERROR_INFO[error.code].httpStatus : undefined);
  if (error.code === 'internal' || (status !== undefined && status >= 500)) return new ApiError(500, 'internal', 'internal error');
  if (status !== undefined) return new ApiError(status, error.code, error.message);
  if (error.retryable) return new ApiError(503, 'dependency_unavailable', `retry later (${error.code})`);
  return new ApiError(422, error.code, error.message);
}
