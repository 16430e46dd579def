import { ContractViolation } from '@quietpay/contracts';
import { isDependencyUnavailable } from './dependency-failure';
import { QuietpayError } from './quietpay-error';

/**
 * Maps anything thrown into a QuietpayError, once, at a boundary. Unknown errors become
 * INTERNAL and keep the original as `cause` (for the local log) without leaking its text; a store
 * that could not answer (Redis down or restarting) becomes retryable `dependency_unavailable`.
 */
export function toQuietpayError(error: unknown): QuietpayError {
  if (error instanceof QuietpayError) return error;
  if (error instanceof ContractViolation) {
    return new QuietpayError('contract_violation', error.message, {
      context: { typeName: error.typeName },
      cause: error,
    });
  }
  if (isDependencyUnavailable(error)) return new QuietpayError('dependency_unavailable', 'a backing store is unavailable; retry', { cause: error });
  return new QuietpayError('internal', 'internal error', { cause: error });
}
