import { QuietpayError } from '@quietpay/platform';

/**
 * Codes decrypt-proxy answers with. Callers switch on them: `not_allowed` means the address
 * holds no allowance for the handle (a business answer, never retried), `attestation_invalid`
 * means the covalidator's answer could not be trusted.
 */
export const DECRYPT_ERROR_CODES = {
  notAllowed: 'not_allowed',
  attestationInvalid: 'attestation_invalid',
  badRequestSignature: 'bad_decrypt_signature',
  invalidRequest: 'invalid_request',
  tooManyHandles: 'too_many_handles',
  rateLimited: 'rate_limited',
  covalidatorRejected: 'covalidator_rejected',
  covalidatorUnavailable: 'dependency_unavailable',
} as const;

export const MAX_HANDLES_PER_CALL = 10;

export function notAllowed(handle: string, address: string): QuietpayError {
  return new QuietpayError(DECRYPT_ERROR_CODES.notAllowed, 'address is not allowed to decrypt this handle', {
    retryable: false,
    context: { handle, address },
  });
}

export function attestationInvalid(handle: string, reason: string): QuietpayError {
  return new QuietpayError(DECRYPT_ERROR_CODES.attestationInvalid, `covalidator attestation rejected: ${reason}`, {
    retryable: false,
    context: { handle, reason },
  });
}
