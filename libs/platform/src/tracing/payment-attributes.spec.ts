import { describe, expect, it } from 'vitest';
import { paymentAttributesOf } from './payment-attributes';

describe('paymentAttributesOf', () => {
  it('takes allow-listed ids from the top level and one or two levels down', () => {
    expect(paymentAttributesOf({ idempotencyKey: 'k', payload: { sessionId: 's1', chargeId: 'c1', amount: '1500' } })).toEqual({
      sessionId: 's1',
      chargeId: 'c1',
    });
    expect(paymentAttributesOf({ result: { case: 'ok', value: { settlementId: 'st1', paymentId: '7' } } })).toEqual({
      settlementId: 'st1',
      paymentId: '7',
    });
  });

  it('never picks up anything outside the allow-list (keys, amounts, auth material)', () => {
    const found = paymentAttributesOf({
      sessionId: 's1',
      authSignature: 'user-sig',
      result: { case: 'ok', value: { signature: 'decrypt-authorization' } },
      secretKey: 'k',
      amount: '10',
      payload: { privateKey: 'p', token: 't' },
    });
    expect(found).toEqual({ sessionId: 's1' });
  });

  it('prefers the shallower occurrence and ignores non-objects', () => {
    expect(paymentAttributesOf({ sessionId: 'top', payload: { sessionId: 'nested' } })).toEqual({ sessionId: 'top' });
    expect(paymentAttributesOf('s1')).toEqual({});
    expect(paymentAttributesOf(null)).toEqual({});
  });
});
