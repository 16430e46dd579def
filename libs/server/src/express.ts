// @quietpay/server/express: the Express adapters only. Its declarations name Express's types and no
// other framework's, so an Express app type-checks without hono installed (the root entry names both).
export { sessionPaywallExpress } from './session/adapters/session-paywall-express.middleware';
export type { SessionPaywallExpressOptions, SettleMode } from './session/adapters/session-paywall-express.middleware';
export { px402Express } from './px402/adapters/express/px402-express.middleware';
export type { Px402Options } from './px402/adapters/px402-options.types';
export { paymentMiddleware } from './routes/payment-middleware.express';
export type { PaidRouteConfig, PaidRoutes, PaymentMiddlewareOptions, PrivateRouteConfig, SessionRouteConfig } from './routes/payment-middleware.express';
export * from './framework-shared';
