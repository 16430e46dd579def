// @quietpay/server/hono: px402 middleware for Hono and the framework-free session paywall a Hono
// route drives. Its declarations name Hono's types and no other framework's.
export { px402Hono } from './px402/adapters/hono/px402-hono.middleware';
export type { Px402HonoOptions } from './px402/adapters/hono/px402-hono.middleware';
export type { Px402Options } from './px402/adapters/px402-options.types';
export { sessionPaywall } from './session/paywall/session-paywall.usecase';
export type { PaywallDecision, PaywallReply, SessionPaywall, SessionPaywallOptions, SettleOutcome } from './session/paywall/session-paywall.usecase';
export * from './framework-shared';
