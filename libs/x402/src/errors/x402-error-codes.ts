/**
 * Every reason quietpay may put in `invalidReason` / `errorReason`, with the HTTP status a resource
 * server or the gateway answers by default and whether the same request may succeed on retry.
 *
 * Payment problems default to 402 because an x402 resource server answers them by re-issuing
 * PAYMENT-REQUIRED; malformed input is 400; the facilitator's own failures are 5xx. Facilitator
 * `/verify` and `/settle` still answer 200 with the body (PROTOCOLS.md §1): the status here is for
 * the resource-server edge and for quietpay's own non-x402 endpoints.
 */

/** The reasons defined by the x402 protocol (PROTOCOLS.md §1 and `@x402/core` 2.27). */
export const STANDARD_X402_ERROR_CODES = [
  'insufficient_funds',
  'invalid_network',
  'invalid_payload',
  'invalid_payment_requirements',
  'invalid_scheme',
  'unsupported_scheme',
  'invalid_x402_version',
  'invalid_transaction_state',
  'unexpected_verify_error',
  'unexpected_settle_error',
  'settlement_pending',
  'unsupported_payment_flow',
  'unsupported_asset_transfer_method',
] as const;

/** quietpay's own reasons, for the session and private schemes. */
export const QUIETPAY_ERROR_CODES = [
  'cap_exceeded',
  'session_expired',
  'session_not_found',
  'session_revoked',
  'session_closed',
  'session_suspended',
  'nonce_replayed',
  'idempotency_conflict',
  'amount_below_minimum',
  'facilitator_budget_exhausted',
  'amount_mismatch',
  'recipient_mismatch',
  'resource_mismatch',
  'asset_mismatch',
  'network_mismatch',
  'bad_session_signature',
  'bad_auth_signature',
  'per_call_limit_exceeded',
  'legacy_payload_disabled',
  'legacy_payload_refused',
  'legacy_session',
  'header_too_large',
  'payment_pending',
  'rate_limited',
  'rpc_error',
] as const;

export type StandardX402ErrorCode = (typeof STANDARD_X402_ERROR_CODES)[number];
export type QuietpayErrorCode = (typeof QUIETPAY_ERROR_CODES)[number];
/** Any reason code quietpay emits. */
export type X402ErrorCode = StandardX402ErrorCode | QuietpayErrorCode;

/** How a code is answered by default. */
export interface X402ErrorInfo {
  readonly httpStatus: number;
  readonly retryable: boolean;
}

const pay = (retryable = false): X402ErrorInfo => ({ httpStatus: 402, retryable });

/**
 * Default status and retry class per code.
 *
 * @example
 * X402_ERROR_INFO.nonce_replayed; // { httpStatus: 409, retryable: false }
 */
export const X402_ERROR_INFO: Readonly<Record<X402ErrorCode, X402ErrorInfo>> = {
  insufficient_funds: pay(),
  invalid_network: pay(),
  invalid_payload: { httpStatus: 400, retryable: false },
  invalid_payment_requirements: pay(),
  invalid_scheme: pay(),
  unsupported_scheme: pay(),
  invalid_x402_version: { httpStatus: 400, retryable: false },
  invalid_transaction_state: pay(),
  unexpected_verify_error: { httpStatus: 500, retryable: true },
  unexpected_settle_error: { httpStatus: 500, retryable: true },
  // The stock client retries a settle once on this reason (core >= 2.24).
  settlement_pending: pay(true),
  unsupported_payment_flow: pay(),
  unsupported_asset_transfer_method: pay(),
  cap_exceeded: pay(),
  session_expired: pay(),
  session_not_found: pay(),
  session_revoked: pay(),
  // The payer closed the session: it takes no further charge (a new session is needed).
  session_closed: pay(),
  // A batched flush failed after its calls were served: no further call is served on credit.
  session_suspended: pay(),
  // A replay is a conflict, not a missing payment: answering 402 would invite the client to re-pay.
  nonce_replayed: { httpStatus: 409, retryable: false },
  // A payment id (idempotency key) already bound to another payload: nothing is served or charged.
  idempotency_conflict: { httpStatus: 409, retryable: false },
  amount_below_minimum: pay(),
  facilitator_budget_exhausted: pay(),
  amount_mismatch: pay(),
  recipient_mismatch: pay(),
  resource_mismatch: pay(),
  asset_mismatch: pay(),
  network_mismatch: pay(),
  bad_session_signature: pay(),
  bad_auth_signature: { httpStatus: 401, retryable: false },
  per_call_limit_exceeded: pay(),
  legacy_payload_disabled: pay(),
  // A bearer payload for a session opened with a session key, or a signed one for a seed-shaped session.
  legacy_payload_refused: pay(),
  legacy_session: pay(),
  header_too_large: { httpStatus: 431, retryable: false },
  payment_pending: pay(true),
  rate_limited: { httpStatus: 429, retryable: true },
  rpc_error: { httpStatus: 503, retryable: true },
};

const ALL_CODES: ReadonlySet<string> = new Set<string>([...STANDARD_X402_ERROR_CODES, ...QUIETPAY_ERROR_CODES]);

/**
 * Narrows a string (e.g. a facilitator's `invalidReason`) to a known code.
 *
 * @example
 * if (isX402ErrorCode(res.invalidReason)) retry = X402_ERROR_INFO[res.invalidReason].retryable;
 */
export function isX402ErrorCode(value: unknown): value is X402ErrorCode {
  return typeof value === 'string' && ALL_CODES.has(value);
}
