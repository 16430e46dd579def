import { CHAIN_POLLER_ERROR_CODES } from '@quietpay/contracts';
import { serviceErrors } from '@quietpay/platform';

/** chain-poller's errors: a code outside CHAIN_POLLER_ERROR_CODES (or the platform's) does not compile. */
export const chainPollerError = serviceErrors(CHAIN_POLLER_ERROR_CODES);
