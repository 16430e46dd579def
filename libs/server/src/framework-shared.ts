// What every framework entry (@quietpay/server/express, /hono, /next) re-exports besides its
// adapters: the error classes an app tests with instanceof (the same classes as the root entry's:
// the bundles share one copy), the settle retry policy and price parsing.
export { InvalidOptionError, QuietpayError } from '@quietpay/x402';
export type { QuietpayErrorDetails } from '@quietpay/x402';
export { FacilitatorUnavailableError, OUTAGE_RETRY_AFTER_SECONDS } from './session/paywall/facilitator-unavailable.error';
export type { FacilitatorPhase } from './session/paywall/facilitator-unavailable.error';
export { FacilitatorRateLimitedError } from './session/paywall/facilitator-rate-limited.error';
export { DEFAULT_SETTLE_RETRY } from './session/paywall/settle-retry';
export type { SettleRetryPolicy } from './session/paywall/settle-retry';
export type { PaywallFetch } from './session/paywall/facilitator-http.client';
export { assertPrice, priceToBaseUnits } from './pricing/price.util';
