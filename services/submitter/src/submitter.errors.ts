import { SUBMITTER_ERROR_CODES } from '@quietpay/contracts';
import { serviceErrors } from '@quietpay/platform';

/** The submitter's errors: a code outside SUBMITTER_ERROR_CODES (or the platform's) does not compile. */
export const submitterError = serviceErrors(SUBMITTER_ERROR_CODES);
