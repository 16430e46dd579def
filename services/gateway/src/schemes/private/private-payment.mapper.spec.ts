import { describe, expect, it } from 'vitest';
import type { PaymentRequest } from '../../facilitation/payment-request';
import { toPrivatePaymentQuery } from './private-payment.mapper';
import type { PrivateSchemeSettings } from './private-scheme.settings';

const MINT = '7crFMbJN7hxVhUPNcRRxTGr9nD3TnvpZ8pNZepA19wuB';
const MERCHANT = '9Cir3JKBcQ1mzasrQNKWMiGVZvYu3dxvfkGeQ6mohWWi';
const NETWORK = 'solana:localnet';
const settings: PrivateSchemeSettings = {
  network: NETWORK,
  mint: MINT,
  paymentsApiUrl: 'http://127.0.0.1:9999',
  validator: MERCHANT,
  transferQueue: MERCHANT,
  cluster: 'localnet',
  claimKeyPrefix: 'test',
};

function request(
  over: {
    requirements?: Record<string, unknown>;
    payload?: Record<string, unknown>;
    acceptedExtra?: Record<string, unknown>;
    x402Version?: 1 | 2;
    network?: string;
  } = {},
): PaymentRequest {
  return {
    x402Version: over.x402Version ?? 2,
    network: (over.network ?? NETWORK) as PaymentRequest['network'],
    requirements: {
      scheme: 'private',
      network: NETWORK,
      asset: MINT,
      amount: '10000',
      payTo: MERCHANT,
      maxTimeoutSeconds: 300,
      extra: { paymentId: '77' },
      ...over.requirements,
    },
    // The agent's echo of the requirements it was quoted (the forwarded ones carry a fresh id '77').
    acceptedExtra: over.acceptedExtra ?? { paymentId: '4242' },
    payload: over.payload ?? { paymentId: '4242' },
    resourceUrl: undefined,
    extensions: {},
  };
}

describe('toPrivatePaymentQuery', () => {
  it('takes the paid id from the payload, not the (rebuilt) requirements', () => {
    expect(toPrivatePaymentQuery(request(), settings)).toEqual({ ok: true, query: { paymentId: '4242', recipient: MERCHANT, amount: 10_000n, asset: MINT } });
  });

  it.each([
    ['v1', request({ x402Version: 1 }), 'invalid_x402_version'],
    ['another network', request({ network: 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1' }), 'invalid_network'],
    ['another asset', request({ requirements: { asset: MERCHANT } }), 'asset_mismatch'],
    ['zero amount', request({ requirements: { amount: '0' } }), 'invalid_payment_requirements'],
    ['non-decimal amount', request({ requirements: { amount: '1e4' } }), 'invalid_payment_requirements'],
    ['payTo not an address', request({ requirements: { payTo: 'merchant' } }), 'invalid_payment_requirements'],
    ['no paymentId', request({ payload: {} }), 'invalid_payload'],
    ['paymentId 0', request({ payload: { paymentId: '0' } }), 'invalid_payload'],
    ['numeric paymentId', request({ payload: { paymentId: 4242 } }), 'invalid_payload'],
    ['bad signature', request({ payload: { paymentId: '4242', signature: 'not-base58!' } }), 'invalid_payload'],
    ['payload id ≠ accepted.extra.paymentId', request({ acceptedExtra: { paymentId: '4243' } }), 'invalid_payload'],
    ['accepted without a paymentId', request({ acceptedExtra: {} }), 'invalid_payload'],
  ])('%s → %s', (_name, req, reason) => {
    expect(toPrivatePaymentQuery(req, settings)).toMatchObject({ ok: false, reason });
  });

  it('accepts the informational enqueue signature', () => {
    expect(toPrivatePaymentQuery(request({ payload: { paymentId: '4242', signature: '4'.repeat(87) } }), settings)).toMatchObject({ ok: true });
  });
});
