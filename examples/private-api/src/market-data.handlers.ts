import type { PaidRoutePath } from './paid-routes.constants';

// Canned figures: the example shows the payment flow, not a data product.
export const MARKET_DATA: Record<PaidRoutePath, () => Record<string, unknown>> = {
  '/api/sentiment': () => ({ asset: 'SOL', score: 0.62, label: 'bullish', sources: 1834 }),
  '/api/whales': () => ({
    asset: 'SOL',
    movements: [
      { direction: 'exchange_outflow', amount: 182_000 },
      { direction: 'exchange_inflow', amount: 54_500 },
    ],
  }),
  '/api/risk': () => ({ asset: 'SOL', risk: 'medium', factors: ['volatility', 'concentration'] }),
};
