// Wire values shaped as @x402/core's types, shared by the specs.
import type { PaymentPayload, PaymentRequired, SettleResponse } from '@x402/core/types';

export const MINT = '7crFMbJN7hxVhUPNcRRxTGr9nD3TnvpZ8pNZepA19wuB';
export const PAY_TO = '9Cir3JKBcQ1mzasrQNKWMiGVZvYu3dxvfkGeQ6mohWWi';
export const DEVNET = 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1';

export const coreRequirements = {
  scheme: 'session',
  network: DEVNET,
  asset: MINT,
  amount: '1000',
  payTo: PAY_TO,
  maxTimeoutSeconds: 60,
  extra: { facilitatorAddress: PAY_TO, decimals: 6, note: 'héllo ✓' },
} as const;

export const corePaymentRequired: PaymentRequired = {
  x402Version: 2,
  error: 'PAYMENT-SIGNATURE header is required',
  resource: { url: 'https://api.example/weather', description: 'Weather', mimeType: 'application/json' },
  accepts: [{ ...coreRequirements, extra: { ...coreRequirements.extra } }],
};

export const corePaymentPayload: PaymentPayload = {
  x402Version: 2,
  resource: { url: 'https://api.example/weather' },
  accepted: { ...coreRequirements, extra: { ...coreRequirements.extra } },
  payload: { sessionId: 's1', amount: '1000' },
};

export const coreSettleResponse: SettleResponse = {
  success: true,
  payer: PAY_TO,
  transaction: '5'.repeat(88),
  network: DEVNET,
  amount: '1000',
  extensionResponses: { secret: 'server-only' },
};
