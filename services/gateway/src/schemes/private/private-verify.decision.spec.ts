import { describe, expect, it } from 'vitest';
import type { PrivatePaymentQuery } from './private-payment.mapper';
import { decidePrivatePayment, type ObservedPrivatePayment } from './private-verify.decision';

const MINT = '7crFMbJN7hxVhUPNcRRxTGr9nD3TnvpZ8pNZepA19wuB';
const OTHER_MINT = 'So11111111111111111111111111111111111111112';
const MERCHANT = '9Cir3JKBcQ1mzasrQNKWMiGVZvYu3dxvfkGeQ6mohWWi';
const OTHER = '5sjEbPiqgZrYwR31ahR6Uk9wf5awoX61YGg7jExQSwaj';
const query: PrivatePaymentQuery = { paymentId: '4242', recipient: MERCHANT, amount: 10_000n, asset: MINT };
const seen = (over: Partial<ObservedPrivatePayment> = {}): ObservedPrivatePayment => ({
  paymentId: '4242',
  recipient: MERCHANT,
  mint: MINT,
  amount: '10000',
  signature: '5'.repeat(88),
  ...over,
});

describe('decidePrivatePayment', () => {
  it.each([
    ['nothing observed', undefined, false, 'payment_pending'],
    ['a settlement of the id to another recipient', seen({ recipient: OTHER }), false, 'payment_pending'],
    ['a settlement of another id', seen({ paymentId: '4243' }), false, 'payment_pending'],
    ['another mint', seen({ mint: OTHER_MINT }), false, 'asset_mismatch'],
    ['one base unit short', seen({ amount: '9999' }), false, 'amount_mismatch'],
    ['half the price', seen({ amount: '5000' }), false, 'amount_mismatch'],
    ['an already claimed payment', seen(), true, 'replay'],
  ])('%s → %s', (_name, observed, claimed, reason) => {
    expect(decidePrivatePayment(query, observed, claimed)).toMatchObject({ valid: false, reason });
  });

  it('accepts the exact price and an overpayment when unclaimed', () => {
    expect(decidePrivatePayment(query, seen(), false)).toEqual({ valid: true, payment: seen() });
    expect(decidePrivatePayment(query, seen({ amount: '10001' }), false)).toMatchObject({ valid: true });
  });

  it('reports an underpaid claimed payment as the underpayment, not as a replay', () => {
    expect(decidePrivatePayment(query, seen({ amount: '1' }), true)).toMatchObject({ reason: 'amount_mismatch' });
  });
});
