import { LEDGER_ERROR_CODES } from '@quietpay/contracts';
import { serviceErrors } from '@quietpay/platform';

/** session-ledger's errors: a code outside LEDGER_ERROR_CODES (or the platform's) does not compile. */
export const ledgerError = serviceErrors(LEDGER_ERROR_CODES);
