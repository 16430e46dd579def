import { DECRYPT_PROXY_ERROR_CODES } from '@quietpay/contracts';
import { type QuietpayError, serviceErrors } from '@quietpay/platform';

/**
 * decrypt-proxy's errors: a code outside DECRYPT_PROXY_ERROR_CODES (or the platform's) does not
 * compile. Callers switch on them: `not_allowed` means the address holds no allowance for the
 * handle (a business answer, never retried), `attestation_invalid` means the covalidator's answer
 * could not be trusted.
 */
export const decryptError = serviceErrors(DECRYPT_PROXY_ERROR_CODES);

export const MAX_HANDLES_PER_CALL = 10;

export function notAllowed(handle: string, address: string): QuietpayError {
  return decryptError('not_allowed', 'address is not allowed to decrypt this handle', { context: { handle, address } });
}

export function attestationInvalid(handle: string, reason: string): QuietpayError {
  return decryptError('attestation_invalid', `covalidator attestation rejected: ${reason}`, { context: { handle, reason } });
}
