import type { ErrorCodeTable } from '@quietpay/contracts';
import type { PlatformErrorCode } from './error-code';
import { QuietpayError, type QuietpayErrorOptions } from './quietpay-error';

/** Raises a QuietpayError whose code is one of the service's declared set or a platform code. */
export type ServiceErrorFactory<Code extends string> = (code: Code | PlatformErrorCode, message: string, options?: QuietpayErrorOptions) => QuietpayError;

/**
 * The error constructor of one service, typed against its declared code set: a code the set does
 * not declare does not compile, and `retryable` follows the code's declared class.
 *
 * @example
 * export const ledgerError = serviceErrors(LEDGER_ERROR_CODES);
 * throw ledgerError('session_not_found', 'no such session', { context: { sessionId } });
 */
export function serviceErrors<Table extends ErrorCodeTable>(table: Table): ServiceErrorFactory<keyof Table & string> {
  return (code, message, options) => {
    const declared = Object.hasOwn(table, code) ? table[code] : undefined;
    return new QuietpayError(code, message, declared === undefined ? options : { retryable: declared === 'retryable', ...options });
  };
}
