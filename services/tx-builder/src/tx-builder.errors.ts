import { TX_BUILDER_ERROR_CODES } from '@quietpay/contracts';
import { serviceErrors } from '@quietpay/platform';

/** tx-builder's errors: a code outside TX_BUILDER_ERROR_CODES (or the platform's) does not compile. */
export const txBuilderError = serviceErrors(TX_BUILDER_ERROR_CODES);
