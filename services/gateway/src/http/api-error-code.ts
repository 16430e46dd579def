import { X402_ERROR_INFO, type X402ErrorCode } from '@quietpay/x402';
import type { ServiceErrorCode } from './service-error-answers';

/** The HTTP statuses a gateway refusal or failure may carry. */
export type ApiErrorStatus = 400 | 401 | 402 | 403 | 404 | 405 | 409 | 410 | 413 | 415 | 422 | 429 | 431 | 500 | 503;

/** Codes the gateway raises itself (its own checks, transport, rate limits, HTTP plumbing). */
const GATEWAY_CODES = {
  invalid_request: 400,
  malformed_json: 400,
  invalid_auth_message: 400,
  spender_mismatch: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  // Admin API: a route whose backing configuration is missing (e.g. balances without an RPC URL).
  not_configured: 409,
  request_refused: 422,
  internal: 500,
  dependency_unavailable: 503,
  rate_limit_unavailable: 503,
  // More requests in flight than MAX_IN_FLIGHT_REQUESTS: shed before anything was checked or charged.
  overloaded: 503,
  scheme_not_configured: 503,
} as const satisfies Record<string, ApiErrorStatus>;

/**
 * Codes of other services that the gateway answers with unchanged on its API routes (open, get and
 * close a session, a settlement's status, a private payment's lookup, recipients). A service code
 * not listed here never reaches a client as such: it is answered `request_refused` (422) or
 * `dependency_unavailable` (503), so a renamed service code cannot leak a new wire code. Keys are
 * declared service codes (a renamed one fails here).
 */
const PASSTHROUGH_CODES = {
  contract_violation: 400,
  terms_mismatch: 400,
  per_call_limit_too_large: 400,
  cap_too_large: 400,
  expiry_too_far: 400,
  invalid_recipient: 400,
  invalid_payment_id: 400,
  bad_close_signature: 401,
  stale_close_request: 401,
  // The operator has not enabled legacy mode: seed-shaped opens are not offered here.
  legacy_sessions_disabled: 403,
  close_replayed: 401,
  settlement_not_found: 404,
  charge_not_found: 404,
  charge_not_reserved: 409,
  approve_tx_rejected: 422,
  cap_mismatch: 422,
  delegate_mismatch: 422,
  source_account_missing: 422,
  sign_refused: 422,
  recipient_in_config: 409,
} as const satisfies Partial<Record<ServiceErrorCode, ApiErrorStatus>>;

/**
 * x402 codes whose default status (402, meant for a resource server's answer) is wrong for a
 * plain API call, and the 5xx x402 defaults the gateway never answers with (a client sees
 * `internal` or `dependency_unavailable` instead).
 */
const X402_OVERRIDES = {
  session_not_found: 404,
  // Raised on a session open whose expiry is past (the gateway's check and the ledger's).
  session_expired: 400,
  session_revoked: 409,
  session_closed: 409,
  nonce_replayed: 409,
  invalid_transaction_state: 409,
  bad_auth_signature: 401,
  invalid_network: 400,
  asset_mismatch: 400,
  header_too_large: 431,
  rate_limited: 429,
} as const satisfies Partial<Record<X402ErrorCode, ApiErrorStatus>>;

type GatewayCode = keyof typeof GATEWAY_CODES;
type PassthroughCode = keyof typeof PASSTHROUGH_CODES;

/** Every code a gateway error body (`{error: code}`) can carry: a closed set. */
export type ApiErrorCode = GatewayCode | PassthroughCode | X402ErrorCode;

const STATUSES: ReadonlySet<number> = new Set([400, 401, 402, 403, 404, 405, 409, 410, 413, 415, 422, 429, 431, 500, 503]);

function isApiErrorStatus(status: number): status is ApiErrorStatus {
  return STATUSES.has(status);
}

function x402Status(code: X402ErrorCode): ApiErrorStatus {
  const status = X402_ERROR_INFO[code].httpStatus;
  return isApiErrorStatus(status) && status < 500 ? status : 500;
}

const X402_STATUSES = Object.fromEntries(Object.keys(X402_ERROR_INFO).map((code) => [code, x402Status(code as X402ErrorCode)])) as Record<
  X402ErrorCode,
  ApiErrorStatus
>;

/**
 * THE code → status table of the gateway's answers. Its type is a Record over the whole
 * ApiErrorCode union, so a code added to any of the three sets (or to libs/x402) is mapped or the
 * gateway does not compile.
 */
export const API_ERROR_STATUS: Readonly<Record<ApiErrorCode, ApiErrorStatus>> = {
  ...X402_STATUSES,
  ...X402_OVERRIDES,
  ...PASSTHROUGH_CODES,
  ...GATEWAY_CODES,
};

/** Whether a service's code is one the gateway answers with as such. */
export function isApiErrorCode(code: string): code is ApiErrorCode {
  return Object.hasOwn(API_ERROR_STATUS, code);
}
