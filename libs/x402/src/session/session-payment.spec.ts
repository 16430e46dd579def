import bs58 from 'bs58';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import { SessionPaymentSchema } from './session-payment.schema';
import { sessionPaymentSigningBytes, signSessionPayment, verifySessionPayment } from './session-payment.signer';

const sessionKey = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(7));
const fields = {
  sessionId: 'sess_01',
  amount: '1500',
  nonce: 'n0nce-abcdefghijkl',
  resource: 'https://api.example/weather?city=Zürich',
  payTo: '9Cir3JKBcQ1mzasrQNKWMiGVZvYu3dxvfkGeQ6mohWWi',
};

describe('session per-call payment', () => {
  it('signs a fixed, documented byte string', () => {
    const text = new TextDecoder().decode(sessionPaymentSigningBytes({ ...fields }));
    expect(text).toBe(
      'quietpay/session-payment/v1\n{"amount":"1500","nonce":"n0nce-abcdefghijkl","payTo":"9Cir3JKBcQ1mzasrQNKWMiGVZvYu3dxvfkGeQ6mohWWi","resource":"https://api.example/weather?city=Zürich","sessionId":"sess_01"}',
    );
    const reordered = { payTo: fields.payTo, resource: fields.resource, nonce: fields.nonce, amount: fields.amount, sessionId: fields.sessionId };
    expect(sessionPaymentSigningBytes(reordered)).toEqual(sessionPaymentSigningBytes(fields));
  });

  it('verifies with the session public key, from a 64-byte or 32-byte secret', () => {
    const signed = signSessionPayment(fields, sessionKey.secretKey);
    expect(SessionPaymentSchema.parse(signed)).toEqual(signed);
    expect(verifySessionPayment(signed, sessionKey.publicKey)).toBe(true);
    expect(verifySessionPayment(signed, bs58.encode(sessionKey.publicKey))).toBe(true);
    expect(signSessionPayment(fields, sessionKey.secretKey.slice(0, 32)).sig).toBe(signed.sig);
  });

  it('fails when any signed field changes or another key signed', () => {
    const signed = signSessionPayment(fields, sessionKey.secretKey);
    for (const key of ['sessionId', 'amount', 'nonce', 'resource', 'payTo'] as const) {
      const tampered = { ...signed, [key]: key === 'amount' ? '1501' : `${signed[key]}x` };
      expect(verifySessionPayment(tampered, sessionKey.publicKey)).toBe(false);
    }
    const other = nacl.sign.keyPair();
    expect(verifySessionPayment(signed, other.publicKey)).toBe(false);
    expect(verifySessionPayment({ ...signed, sig: 'notbase58!' }, sessionKey.publicKey)).toBe(false);
  });

  it('refuses malformed payloads and unsigned extra keys', () => {
    const signed = signSessionPayment(fields, sessionKey.secretKey);
    expect(SessionPaymentSchema.safeParse({ ...signed, amount: '0' }).success).toBe(false);
    expect(SessionPaymentSchema.safeParse({ ...signed, amount: '18446744073709551616' }).success).toBe(false);
    // A non-integer amount fails the schema rather than throwing out of safeParse.
    expect(SessionPaymentSchema.safeParse({ ...signed, amount: '1.5' }).success).toBe(false);
    expect(SessionPaymentSchema.safeParse({ ...signed, amount: '1e3' }).success).toBe(false);
    expect(SessionPaymentSchema.safeParse({ ...signed, nonce: 'short' }).success).toBe(false);
    expect(SessionPaymentSchema.safeParse({ ...signed, extra: 1 }).success).toBe(false);
    expect(SessionPaymentSchema.safeParse({ sessionId: 's', amount: '1' }).success).toBe(false);
  });
});
