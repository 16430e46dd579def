export { PX402_CURRENCY, PX402_HEADERS, PX402_NETWORK } from '@quietpay/x402';

export const DEFAULT_TOKEN_TTL_MS = 5 * 60 * 1000;
