import { describe, expect, it } from 'vitest';
import { configSchema } from '../../config.schema';
import type { PaymentRequest } from '../../facilitation/payment-request';
import type { PaymentClaims } from './payment-claim.port';
import type { PrivatePaymentFinder } from './private-payment-finder.port';
import { PrivateScheme } from './private.scheme';
import type { ObservedPrivatePayment } from './private-verify.decision';

const MINT = '7crFMbJN7hxVhUPNcRRxTGr9nD3TnvpZ8pNZepA19wuB';
const MERCHANT = '9Cir3JKBcQ1mzasrQNKWMiGVZvYu3dxvfkGeQ6mohWWi';
const NETWORK = 'solana:localnet';
const SETTLEMENT = '5'.repeat(88);
const enabled = { PRIVATE_SCHEME_ENABLED: 'true', USDC_MINT: MINT, PAYMENTS_API_URL: 'http://127.0.0.1:9999/', SESSION_NETWORK: NETWORK };

// Same contract as the Redis claims (first claim wins), in memory: the unit under test is the scheme.
class MemoryClaims implements PaymentClaims {
  readonly held = new Map<string, string>();
  claim(paymentId: string, recipient: string, signature: string): Promise<boolean> {
    const key = `${paymentId}:${recipient}`;
    if (this.held.has(key)) return Promise.resolve(false);
    this.held.set(key, signature);
    return Promise.resolve(true);
  }
  isClaimed(paymentId: string, recipient: string): Promise<boolean> {
    return Promise.resolve(this.held.has(`${paymentId}:${recipient}`));
  }
}

const observed: ObservedPrivatePayment = { paymentId: '4242', recipient: MERCHANT, mint: MINT, amount: '10000', signature: SETTLEMENT };
const finder = (payment: ObservedPrivatePayment | undefined | Error): PrivatePaymentFinder => ({
  find: () => (payment instanceof Error ? Promise.reject(payment) : Promise.resolve(payment)),
});

function request(paymentId = '4242'): PaymentRequest {
  return {
    x402Version: 2,
    network: NETWORK as PaymentRequest['network'],
    requirements: { scheme: 'private', network: NETWORK, asset: MINT, amount: '10000', payTo: MERCHANT, maxTimeoutSeconds: 300, extra: {} },
    acceptedExtra: { paymentId },
    payload: { paymentId },
    resourceUrl: undefined,
    extensions: {},
  };
}

const scheme = (found: ObservedPrivatePayment | undefined | Error, claims: PaymentClaims = new MemoryClaims(), env: Record<string, string> = enabled) =>
  new PrivateScheme(configSchema.parse(env), finder(found), claims);

describe('PrivateScheme', () => {
  it('lists one v2 CAIP-2 kind with what an agent needs to pay, and no signers', () => {
    const s = scheme(undefined);
    expect(s.supportedKinds()).toEqual([
      {
        x402Version: 2,
        scheme: 'private',
        network: NETWORK,
        extra: {
          paymentsApiUrl: 'http://127.0.0.1:9999',
          validator: 'MAS1Dt9qreoRMQ14YQuhg8UTZMMzDdKhmkZMECCzk57',
          transferQueue: expect.any(String),
          mint: MINT,
          cluster: 'localnet',
          // /verify sums every settlement under the id (chain-poller's pair total): agents may pay in parts.
          paymentParts: 'sum',
        },
      },
    ]);
    expect(s.signers()).toEqual({});
  });

  it('is absent from /supported and refuses payments when disabled', async () => {
    const s = scheme(observed, new MemoryClaims(), { SESSION_NETWORK: NETWORK });
    expect(s.supportedKinds()).toEqual([]);
    expect(await s.verify(request())).toMatchObject({ isValid: false, invalidReason: 'unsupported_scheme' });
    expect(await s.settle(request())).toMatchObject({ success: false, errorReason: 'unsupported_scheme', transaction: '' });
  });

  it('fails the boot when enabled without a mint or payments API', () => {
    expect(() => configSchema.parse({ PRIVATE_SCHEME_ENABLED: 'true' })).toThrow(/USDC_MINT[\s\S]*PAYMENTS_API_URL|PAYMENTS_API_URL[\s\S]*USDC_MINT/);
  });

  it('settles a payment once: the settlement signature, then replay on verify and settle', async () => {
    const claims = new MemoryClaims();
    const s = scheme(observed, claims);
    expect(await s.verify(request())).toMatchObject({ isValid: true });
    expect(await s.settle(request())).toEqual({ success: true, transaction: SETTLEMENT, network: NETWORK, amount: '10000', extra: { paymentId: '4242' } });
    expect(claims.held.get(`4242:${MERCHANT}`)).toBe(SETTLEMENT);
    expect(await s.settle(request())).toMatchObject({ success: false, errorReason: 'replay', transaction: '' });
    expect(await s.verify(request())).toMatchObject({ isValid: false, invalidReason: 'replay' });
  });

  it('answers replay to the loser of a concurrent settle', async () => {
    const claims = new MemoryClaims();
    const s = scheme(observed, claims);
    const answers = await Promise.all([s.settle(request()), s.settle(request())]);
    expect(answers.map((a) => a.success).sort()).toEqual([false, true]);
    expect(answers.find((a) => !a.success)).toMatchObject({ errorReason: 'replay' });
  });

  it('takes no claim while the payment is pending or underpaid', async () => {
    const claims = new MemoryClaims();
    expect(await scheme(undefined, claims).settle(request())).toMatchObject({ success: false, errorReason: 'payment_pending' });
    expect(await scheme({ ...observed, amount: '5000' }, claims).settle(request())).toMatchObject({ success: false, errorReason: 'amount_mismatch' });
    expect(claims.held.size).toBe(0);
  });

  it('maps a failed lookup to the unexpected_* reasons without leaking its message', async () => {
    const s = scheme(Object.assign(new Error('nats://10.0.0.7 timed out'), { code: 'bus_timeout' }));
    const verify = await s.verify(request());
    expect(verify).toMatchObject({ isValid: false, invalidReason: 'unexpected_verify_error' });
    expect(verify.invalidMessage).toContain('bus_timeout');
    expect(verify.invalidMessage).not.toContain('10.0.0.7');
    expect(await s.settle(request())).toMatchObject({ success: false, errorReason: 'unexpected_settle_error' });
  });
});
