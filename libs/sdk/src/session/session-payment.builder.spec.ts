import { InvalidOptionError } from '@quietpay/x402';
import {
  decodePaymentSignatureHeader,
  encodePaymentRequiredHeader,
  encodePaymentSignatureHeader,
  type PaymentRequired,
  SessionPaymentSchema,
  verifySessionPayment,
} from '@quietpay/x402';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import { QuietpaySdkError } from '../errors/sdk.error';
import { readPaymentRequired } from '../http/payment-required.parser';
import { buildSessionPaymentPayload, randomNonce, selectSessionRequirements } from './session-payment.builder';
import { formatUnits, toBaseUnits } from './token-units.util';

const MINT = '7crFMbJN7hxVhUPNcRRxTGr9nD3TnvpZ8pNZepA19wuB';
const MERCHANT = '9Cir3JKBcQ1mzasrQNKWMiGVZvYu3dxvfkGeQ6mohWWi';
const NETWORK = 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1';
const session = { sessionId: 'sess_1', recipient: MERCHANT, asset: MINT, network: 'solana:devnet' };
const requirement = {
  scheme: 'session',
  network: NETWORK,
  asset: MINT,
  amount: '500000',
  payTo: MERCHANT,
  maxTimeoutSeconds: 60,
  extra: { spender: MERCHANT },
} as const;
const required: PaymentRequired = {
  x402Version: 2,
  resource: { url: 'http://127.0.0.1:4100/api/chat' },
  accepts: [{ ...requirement, scheme: 'exact', amount: '1' }, requirement],
};

describe('402 parsing', () => {
  it('reads PAYMENT-REQUIRED from a 402 and ignores other statuses', () => {
    const headers = { 'PAYMENT-REQUIRED': encodePaymentRequiredHeader(required) };
    expect(readPaymentRequired(new Response(null, { status: 402, headers }))?.accepts).toHaveLength(2);
    expect(readPaymentRequired(new Response(null, { status: 200, headers }))).toBeUndefined();
    expect(readPaymentRequired(new Response(null, { status: 402 }))).toBeUndefined();
  });
});

describe('session requirement selection', () => {
  it('picks the session entry matching network (alias-normalised), asset and payTo', () => {
    expect(selectSessionRequirements(required, session)).toEqual(requirement);
  });

  it('refuses another recipient, no session entry, or a price above the per-call limit', () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
        return undefined;
      } catch (e) {
        return e instanceof QuietpaySdkError ? e.code : 'other';
      }
    };
    expect(code(() => selectSessionRequirements(required, { ...session, recipient: MINT }))).toBe('payment_not_acceptable');
    expect(code(() => selectSessionRequirements({ ...required, accepts: [required.accepts[0]!] }, session))).toBe('payment_not_acceptable');
    expect(code(() => selectSessionRequirements(required, { ...session, perCallLimit: 499_999n }))).toBe('payment_not_acceptable');
    expect(code(() => selectSessionRequirements(required, { ...session, perCallLimit: 500_000n }))).toBeUndefined();
  });
});

describe('per-call payload', () => {
  it('echoes the requirements and is signed by the session key over the resource, amount and payTo', () => {
    const key = nacl.sign.keyPair();
    const payload = buildSessionPaymentPayload(required, requirement, 'sess_1', key.secretKey);
    const roundTrip = decodePaymentSignatureHeader(encodePaymentSignatureHeader(payload));
    expect(roundTrip.accepted).toEqual(requirement);
    const payment = SessionPaymentSchema.parse(roundTrip.payload);
    expect(payment).toMatchObject({ sessionId: 'sess_1', amount: '500000', payTo: MERCHANT, resource: 'http://127.0.0.1:4100/api/chat' });
    expect(verifySessionPayment(payment, key.publicKey)).toBe(true);
    expect(verifySessionPayment(payment, nacl.sign.keyPair().publicKey)).toBe(false);
  });

  it('uses a fresh nonce each call that the ledger schema accepts', () => {
    const a = randomNonce();
    expect(a).toMatch(/^[A-Za-z0-9_-]{16,128}$/);
    expect(randomNonce()).not.toBe(a);
  });
});

describe('token units', () => {
  it('converts whole units and base units both ways', () => {
    expect(toBaseUnits('0.5', 6)).toBe(500_000n);
    expect(toBaseUnits('5', 6)).toBe(5_000_000n);
    expect(toBaseUnits(42n, 6)).toBe(42n);
    expect(() => toBaseUnits('0.0000001', 6)).toThrow(InvalidOptionError);
    expect(() => toBaseUnits('1e3', 6)).toThrow(InvalidOptionError);
    expect(formatUnits(2_500_000n, 6)).toBe('2.5');
    expect(formatUnits(-500_000n, 6)).toBe('-0.5');
  });
});
