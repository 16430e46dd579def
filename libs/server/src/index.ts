// px402: the private-recipient x402 variant, resource-server side (PROTOCOLS.md §4).
export { decide } from './px402/decide/decide.usecase';
export type {
  DecideDeps,
  Px402Answer,
  Px402AnswerBody,
  Px402Decision,
  Px402ErrorCode,
  Px402Reason,
  Px402Request,
  Px402Serve,
  RoutePrice,
} from './px402/decide/px402-request.types';
export { DEFAULT_TOKEN_TTL_MS, PX402_CURRENCY, PX402_HEADERS, PX402_NETWORK } from './px402/decide/px402-headers.constants';
export { randomPaymentId } from './px402/decide/payment-id.util';
export { normalizePath } from './px402/decide/request-path.util';
export { DEFAULT_PRICE_TOLERANCE_BPS, minimumAccepted } from './px402/decide/price-tolerance.rule';
export { assertTokenSecrets, LEGACY_SECONDS_EXPIRY_LIMIT, signPaymentToken, verifyPaymentToken } from './px402/token/payment-token.codec';
export type { PaymentTokenClaims, PaymentTokenSecrets, PaymentTokenVerification } from './px402/token/payment-token.types';
export { PaymentLookupError } from './px402/ports/payment-lookup.port';
export type { FoundPayment, PaymentLookup, PaymentLookupQuery, PaymentLookupResult, PendingPayment } from './px402/ports/payment-lookup.port';
export type { ReplayStore } from './px402/ports/replay-store.port';
export type { RateLimitDecision, RateLimiter } from './px402/ports/rate-limiter.port';
// Moved to @quietpay/x402 (the gateway counts rate limits per client IP too); re-exported unchanged.
// Imported then exported: see libs/sdk/src/private/index.ts (declaration bundling).
import { clientIp, parseTrustedProxies, UNKNOWN_CLIENT_IP, type TrustedProxies } from '@quietpay/x402/server';
export { clientIp, parseTrustedProxies, UNKNOWN_CLIENT_IP };
export type { TrustedProxies };
export { RedisReplayStore } from './px402/redis/redis-replay-store';
export { RedisRateLimiter } from './px402/redis/redis-rate-limiter';
export type { RedisRateLimiterOptions } from './px402/redis/redis-rate-limiter';
export { facilitatorPaymentLookup } from './px402/lookup/facilitator-payment-lookup';
export type { FacilitatorPaymentLookupOptions } from './px402/lookup/facilitator-payment-lookup';
export type { Px402Options } from './px402/adapters/px402-options.types';
export { px402Express } from './px402/adapters/express/px402-express.middleware';
export { px402Hono } from './px402/adapters/hono/px402-hono.middleware';
export type { Px402HonoOptions } from './px402/adapters/hono/px402-hono.middleware';
export { withPx402 } from './px402/adapters/next/with-px402.wrapper';
export type { WithPx402Options } from './px402/adapters/next/with-px402.wrapper';
// session scheme: the @x402/core scheme and a paywall for routes that answer 402 themselves.
export { SessionSchemeServer } from './session/scheme/session-scheme.server';
export type { SessionSchemeServerOptions } from './session/scheme/session-scheme.server';
export { QuietpayFacilitatorClient } from './session/scheme/quietpay-facilitator.client';
export type { QuietpayFacilitatorClientOptions } from './session/scheme/quietpay-facilitator.client';
export { priceToBaseUnits } from './pricing/price.util';
export { sessionPaywall } from './session/paywall/session-paywall.usecase';
export type { PaywallDecision, PaywallReply, SessionPaywall, SessionPaywallOptions } from './session/paywall/session-paywall.usecase';
export type { PaywallFetch } from './session/paywall/facilitator-http.client';
export { DEFAULT_SETTLE_RETRY } from './session/paywall/settle-retry';
export type { SettleRetryPolicy } from './session/paywall/settle-retry';
export { sessionPaywallExpress } from './session/adapters/session-paywall-express.middleware';
export type { SessionPaywallExpressOptions } from './session/adapters/session-paywall-express.middleware';
export { withSessionPaywall } from './session/adapters/with-session-paywall.wrapper';
// private scheme over the x402 v2 wire: the @x402/core scheme and its wire shapes.
export { PrivateSchemeServer } from './private-x402/private-scheme.server';
export type { PrivateSchemeServerOptions } from './private-x402/private-scheme.server';
export { signPrivatePaymentToken, verifyPrivatePaymentToken } from './private-x402/private-payment-token.codec';
export type { PrivatePaymentBinding, PrivateTokenCheck } from './private-x402/private-payment-token.codec';
export type { PrivatePaymentPayload, PrivateRequirementsExtra, PrivateSchemeReason } from './private-x402/private-x402.types';
// One error model across the SDK and the server package: every thrown error is a QuietpayError.
export { InvalidOptionError, QuietpayError } from '@quietpay/x402';
export type { QuietpayErrorDetails } from '@quietpay/x402';
// Paywall behaviours shared by both schemes: outages, settle timing and an app-wide route map.
export { FacilitatorUnavailableError, OUTAGE_RETRY_AFTER_SECONDS } from './session/paywall/facilitator-unavailable.error';
export type { FacilitatorPhase } from './session/paywall/facilitator-unavailable.error';
export { FacilitatorRateLimitedError } from './session/paywall/facilitator-rate-limited.error';
export type { SettleOutcome } from './session/paywall/session-paywall.usecase';
export type { SettleMode } from './session/adapters/session-paywall-express.middleware';
export { assertPrice } from './pricing/price.util';
export { paymentMiddleware } from './routes/payment-middleware.express';
export type { PaidRouteConfig, PaidRoutes, PaymentMiddlewareOptions, PrivateRouteConfig, SessionRouteConfig } from './routes/payment-middleware.express';
