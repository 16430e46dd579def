import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assertTokenSecrets, signPaymentToken, verifyPaymentToken } from './payment-token.codec';
import { PaymentTokenClaims } from './payment-token.types';

const OLD = 'o'.repeat(32);
const NEW = 'n'.repeat(32);
const claims: PaymentTokenClaims = {
  paymentId: '9223372036854775807',
  amount: '10000',
  expiry: 1_800_000_000_000,
  path: '/weather',
  destination: 'Dest1111111111111111111111111111111111111111',
};

function forge(payload: unknown, secret = NEW): string {
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const mac = createHmac('sha256', secret).update(`v1.${encoded}`).digest('base64url');
  return `v1.${encoded}.${mac}`;
}

describe('payment token', () => {
  it('round-trips claims signed with the current secret', () => {
    const token = signPaymentToken(claims, { current: NEW });
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyPaymentToken(token, { current: NEW })).toEqual({ ok: true, claims });
  });

  it('has the documented wire shape: HMAC over "v1." + payload', () => {
    expect(signPaymentToken(claims, { current: NEW })).toBe(forge(claims));
  });

  it('accepts a token signed with the previous secret during rotation', () => {
    const token = signPaymentToken(claims, { current: OLD });
    expect(verifyPaymentToken(token, { current: NEW, previous: OLD }).ok).toBe(true);
    expect(verifyPaymentToken(token, { current: NEW }).ok).toBe(false);
  });

  it('signs with current, not previous', () => {
    const token = signPaymentToken(claims, { current: NEW, previous: OLD });
    expect(verifyPaymentToken(token, { current: NEW }).ok).toBe(true);
    expect(verifyPaymentToken(token, { current: OLD }).ok).toBe(false);
  });

  it('rejects a tampered payload, MAC or version', () => {
    const token = signPaymentToken(claims, { current: NEW });
    const [, payload, mac] = token.split('.') as [string, string, string];
    const cheaper = Buffer.from(JSON.stringify({ ...claims, amount: '1' })).toString('base64url');
    const flipped = (mac[0] === 'A' ? 'B' : 'A') + mac.slice(1);
    for (const bad of [`v1.${cheaper}.${mac}`, `v1.${payload}.${flipped}`, `v2.${payload}.${mac}`]) {
      expect(verifyPaymentToken(bad, { current: NEW })).toEqual({ ok: false });
    }
  });

  it.each([
    ['empty', ''],
    ['no dots', 'v1'],
    ['extra part', 'v1.a.b.c'],
    ['bad base64url', 'v1.@@@.AAAA'],
    ['padded base64', `v1.${Buffer.from('{}').toString('base64')}.x`],
    ['huge', `v1.${'A'.repeat(5000)}.A`],
  ])('rejects malformed token (%s) without throwing', (_label, token) => {
    expect(verifyPaymentToken(token, { current: NEW })).toEqual({ ok: false });
  });

  it.each([
    ['not JSON', 'not json'],
    ['array', [1, 2]],
    ['null', null],
    ['numeric payment id', { ...claims, paymentId: 42 }],
    ['payment id 0', { ...claims, paymentId: '0' }],
    ['payment id above u63', { ...claims, paymentId: '9223372036854775808' }],
    ['leading zero amount', { ...claims, amount: '010' }],
    ['fractional expiry', { ...claims, expiry: 1.5 }],
    ['relative path', { ...claims, path: 'weather' }],
    ['empty destination', { ...claims, destination: '' }],
    ['missing key', { paymentId: '1', amount: '1', expiry: 1, path: '/' }],
    ['string expiry', { ...claims, expiry: '1800000000000' }],
  ])('rejects authentic tokens with bad claims (%s)', (_label, payload) => {
    const token =
      typeof payload === 'string'
        ? `v1.${Buffer.from(payload).toString('base64url')}.${createHmac('sha256', NEW)
            .update(`v1.${Buffer.from(payload).toString('base64url')}`)
            .digest('base64url')}`
        : forge(payload);
    expect(verifyPaymentToken(token, { current: NEW })).toEqual({ ok: false });
  });

  it('refuses secrets shorter than 32 bytes', () => {
    expect(() => assertTokenSecrets({ current: 'short' })).toThrow(expect.objectContaining({ code: 'invalid_option', field: 'secrets.current' }));
    expect(() => assertTokenSecrets({ current: NEW, previous: 'short' })).toThrow(
      expect.objectContaining({ code: 'invalid_option', field: 'secrets.previous' }),
    );
    // A secret is never echoed in the message.
    expect(() => assertTokenSecrets({ current: 'short-secret-value' })).toThrow(/^px402: option `secrets.current` must hold at least 32 bytes$/);
    expect(() => assertTokenSecrets({ current: NEW, previous: OLD })).not.toThrow();
  });

  it('ignores claims it does not know, as px402 does (only a holder of the secret can add them)', () => {
    expect(verifyPaymentToken(forge({ ...claims, note: 'px402 v2' }), { current: NEW })).toEqual({ ok: true, claims });
  });

  it("accepts px402's padded standard-base64 MAC, and only the canonical spelling of it", () => {
    const token = signPaymentToken(claims, { current: NEW });
    const [, payload] = token.split('.') as [string, string, string];
    const padded = createHmac('sha256', NEW).update(`v1.${payload}`).digest('base64');
    expect(padded).toMatch(/=$/);
    expect(verifyPaymentToken(`v1.${payload}.${padded}`, { current: NEW })).toEqual({ ok: true, claims });
    const twisted = `${padded.slice(0, -2)}${padded.at(-2) === 'A' ? 'B' : 'A'}=`;
    expect(verifyPaymentToken(`v1.${payload}.${twisted}`, { current: NEW }).ok).toBe(false);
    expect(verifyPaymentToken(`v1.${payload}.${padded.slice(0, -1)}==`, { current: NEW }).ok).toBe(false);
  });

  it('reads expiry as epoch milliseconds; a legacy seconds expiry (below 1e11) is recognised and converted', () => {
    expect(verifyPaymentToken(forge(claims), { current: NEW })).toEqual({ ok: true, claims });
    expect(verifyPaymentToken(forge({ ...claims, expiry: 1_800_000_000 }), { current: NEW })).toEqual({
      ok: true,
      claims: { ...claims, expiry: 1_800_000_000_000 },
      legacySecondsExpiry: true,
    });
  });
});
