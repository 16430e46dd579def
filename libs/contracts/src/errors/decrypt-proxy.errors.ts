import type { ErrorCodeTable } from './retry-class';

/**
 * Every code decrypt-proxy raises (besides the platform's `dependency_unavailable` when the
 * covalidator is down or answers 429/5xx), with its retry class. session-ledger passes them on
 * unchanged from a session open, so the gateway maps each one.
 *
 * @example
 * DECRYPT_PROXY_ERROR_CODES.not_allowed; // 'terminal'
 */
export const DECRYPT_PROXY_ERROR_CODES = {
  invalid_request: 'client_error',
  too_many_handles: 'client_error',
  // The handle signature is not the address's: the caller must sign again.
  bad_decrypt_signature: 'client_error',
  // The address holds no allowance for the handle: a business answer, never retried.
  not_allowed: 'terminal',
  // The covalidator's answer could not be trusted (bad attestation, non-JSON body).
  attestation_invalid: 'terminal',
  // The covalidator refused the request (4xx other than 429) for a reason other than not_allowed.
  covalidator_rejected: 'terminal',
  rate_limited: 'retryable',
} as const satisfies ErrorCodeTable;

/** A code decrypt-proxy raises. */
export type DecryptProxyErrorCode = keyof typeof DECRYPT_PROXY_ERROR_CODES;
