import { InvalidOptionError, QuietpayError } from '@quietpay/x402';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { PrivateSchemeServer } from '../private-x402/private-scheme.server';
import { signPrivatePaymentToken } from '../private-x402/private-payment-token.codec';
import { minimumAccepted } from '../px402/decide/price-tolerance.rule';
import { facilitatorPaymentLookup } from '../px402/lookup/facilitator-payment-lookup';
import { RedisRateLimiter } from '../px402/redis/redis-rate-limiter';

// Every error the server package throws is a QuietpayError with a code, a retry class and the
// field (for options) or phase (for a dependency): the throws that used to be bare
// RangeError/TypeError, one by one. Pure: no Redis, no HTTP (the one fake below is a script reply).

const invalid = (field: string) => expect.objectContaining({ name: 'InvalidOptionError', code: 'invalid_option', field, phase: 'options', retryable: false });

describe('server option errors name the field', () => {
  it('minimumAccepted: a tolerance outside 0..10000 bps', () => {
    expect(() => minimumAccepted(10_000n, 10_001)).toThrow(invalid('priceToleranceBps'));
    expect(() => minimumAccepted(10_000n, 1.5)).toThrow(InvalidOptionError);
    expect(minimumAccepted(10_000n, 10)).toBe(9_990n);
  });

  it('RedisRateLimiter: limit and windowMs', () => {
    const redis = {} as Redis;
    expect(() => new RedisRateLimiter(redis, { limit: 0, windowMs: 1000 })).toThrow(invalid('limit'));
    expect(() => new RedisRateLimiter(redis, { limit: 1, windowMs: 0 })).toThrow(invalid('windowMs'));
  });

  it('PrivateSchemeServer: a short token secret names tokenSecrets.current / .previous, never the secret', () => {
    expect(() => new PrivateSchemeServer({ tokenSecrets: { current: 'too-short' } })).toThrow(invalid('tokenSecrets.current'));
    expect(() => new PrivateSchemeServer({ tokenSecrets: { current: 'x'.repeat(32), previous: 'too-short' } })).toThrow(invalid('tokenSecrets.previous'));
    expect(() => new PrivateSchemeServer({ tokenSecrets: { current: 'too-short' } })).toThrow(
      /^PrivateSchemeServer: option `tokenSecrets.current` must hold at least 32 bytes$/,
    );
  });

  it('signPrivatePaymentToken: a short secret is an InvalidOptionError', () => {
    const binding = { paymentId: '1', amount: '1', asset: 'a', payTo: 'b', network: 'solana:localnet', expiry: 1 };
    expect(() => signPrivatePaymentToken(binding, { current: 'short' })).toThrow(invalid('tokenSecrets.current'));
  });

  it('facilitatorPaymentLookup.find: a malformed payment id, before any request', async () => {
    let fetched = false;
    const lookup = facilitatorPaymentLookup('http://127.0.0.1:9', {
      fetch: () => {
        fetched = true;
        return Promise.reject(new Error('not reached'));
      },
    });
    await expect(lookup.find({ paymentId: '-1', destination: 'x' })).rejects.toMatchObject({ code: 'invalid_option', field: 'paymentId' });
    expect(fetched).toBe(false);
  });
});

describe('server dependency errors carry a retry class and phase', () => {
  it('RedisRateLimiter: an unexpected script reply is a retryable dependency_unavailable', async () => {
    const redis = { eval: () => Promise.resolve('OK') } as unknown as Redis;
    const error: unknown = await new RedisRateLimiter(redis, { limit: 1, windowMs: 1000 }).hit('k').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuietpayError);
    expect(error).toMatchObject({ code: 'dependency_unavailable', retryable: true, phase: 'rate-limit' });
  });
});
