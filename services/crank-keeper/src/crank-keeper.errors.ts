import { CRANK_KEEPER_ERROR_CODES } from '@quietpay/contracts';
import { serviceErrors } from '@quietpay/platform';

/** crank-keeper's errors: a code outside CRANK_KEEPER_ERROR_CODES (or the platform's) does not compile. */
export const crankKeeperError = serviceErrors(CRANK_KEEPER_ERROR_CODES);
