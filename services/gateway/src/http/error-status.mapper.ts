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
};

/**
 * Maps a service's coded error to the gateway's HTTP answer, once, for every non-x402 route.
 * Unknown codes become a 500 `internal` without echoing the service's message.
 */
export function apiErrorFromQuietpayError(error: QuietpayError): ApiError {
  if (UNAVAILABLE.has(error.code)) {
    return new ApiError(503, 'dependency_unavailable', `a backing service is unavailable (${error.code}); retry later`);
  }
  const status = API_STATUS[error.code] ?? (isX402ErrorCode(error.code) ? X402_ERROR_INFO[error.code].httpStatus : undefined);
  if (status === undefined || status >= 500) return new ApiError(500, 'internal', 'internal error');
  return new ApiError(status, error.code, error.message);
}
