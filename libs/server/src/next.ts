// @quietpay/server/next: route-handler wrappers for the Next.js App Router (standard Request and
// Response, so also any fetch-style runtime). Its declarations name no framework's types.
export { withSessionPaywall } from './session/adapters/with-session-paywall.wrapper';
export type { SessionPaywallOptions } from './session/paywall/session-paywall.usecase';
export { withPx402 } from './px402/adapters/next/with-px402.wrapper';
export type { WithPx402Options } from './px402/adapters/next/with-px402.wrapper';
export type { Px402Options } from './px402/adapters/px402-options.types';
export * from './framework-shared';
