import { randomUUID } from 'node:crypto';
import type { ObservedPayment } from '@quietpay/contracts';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChainPollerConfig } from '../config.schema';
import { PaymentIndexRepository } from './payment-index.repository';

// Real Redis, a prefix per test: the payment index keeps a pair's keys for the configured
// retention after its latest part (it grew without bound before: +22k keys/h in bench/soak).
const redis = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
afterAll(() => redis.disconnect());

const RETENTION = 600;

function fixture() {
  const prefix = `test:${randomUUID()}:chain-poller`;
  const config = { REDIS_KEY_PREFIX: prefix, PAYMENT_INDEX_RETENTION_SECONDS: RETENTION } as ChainPollerConfig;
  const payment = (signature: string, amount: string): ObservedPayment => ({
    paymentId: '42',
    signature,
    slot: '7',
    index: 0,
    amount,
    recipient: 'Merch11111111111111111111111111111111111111',
    mint: 'Mint111111111111111111111111111111111111111',
    blockTimeUnix: 0,
  });
  const pair = `${prefix}:payment:{42}:Merch11111111111111111111111111111111111111`;
  return { index: new PaymentIndexRepository(redis, config), payment, keys: [pair, `${prefix}:payment:{42}`, `${pair}:parts`, `${pair}:total`] };
}

async function ttls(keys: readonly string[]): Promise<number[]> {
  return Promise.all(keys.map((k) => redis.ttl(k)));
}

describe('PaymentIndexRepository retention (real Redis)', () => {
  it('every key of a newly indexed payment expires within the retention', async () => {
    const { index, payment, keys } = fixture();
    expect(await index.record(payment('sig-1', '1000'))).toBe('new');
    for (const ttl of await ttls(keys)) {
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(RETENTION);
    }
    expect(await index.find('42', undefined)).toMatchObject({ signature: 'sig-1', amount: '1000' });
  });

  it('a further part renews the whole pair, so the parts and the total expire together', async () => {
    const { index, payment, keys } = fixture();
    await index.record(payment('sig-1', '1000'));
    // As if most of the retention had passed since the first part.
    await Promise.all(keys.map((k) => redis.expire(k, 5)));
    expect(await index.record(payment('sig-2', '500'))).toBe('part');
    for (const ttl of await ttls(keys)) expect(ttl).toBeGreaterThan(5);
    expect(await index.find('42', 'Merch11111111111111111111111111111111111111')).toMatchObject({ amount: '1500' });
  });

  it('an expired entry is gone: nothing of the pair is left behind', async () => {
    const { index, payment, keys } = fixture();
    await index.record(payment('sig-1', '1000'));
    // The retention running out, made immediate (PEXPIRE 1 ms) instead of waited for.
    await Promise.all(keys.map((k) => redis.pexpire(k, 1)));
    await expect.poll(async () => redis.exists(...keys)).toBe(0);
    expect(await index.find('42', undefined)).toBeUndefined();
  });
});
