/** The example's price list, in micro-USDC (1 USDC = 1_000_000). */
export const PAID_ROUTES = [
  { path: '/api/sentiment', amount: 10_000n, description: 'Market sentiment score' },
  { path: '/api/whales', amount: 20_000n, description: 'Large wallet movements' },
  { path: '/api/risk', amount: 30_000n, description: 'Token risk assessment' },
] as const;

export type PaidRoutePath = (typeof PAID_ROUTES)[number]['path'];
