import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisRateLimiter } from './redis-rate-limiter';
import { RedisReplayStore } from './redis-replay-store';

const redis = new Redis({ host: '127.0.0.1', port: 6379 });
const root = `test:px402-stores:${randomUUID()}:`;

describe('Redis px402 stores (real Redis)', () => {
  afterAll(async () => {
    const keys = await redis.keys(`${root}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('claims a payment id once across store instances, with a TTL of at least the requested one', async () => {
    const prefix = `${root}${randomUUID()}:`;
    const [a, b] = [new RedisReplayStore(redis, { prefix }), new RedisReplayStore(redis, { prefix })];
    expect(await a.claim('42', 360_000)).toBe(true);
    expect(await b.claim('42', 360_000)).toBe(false);
    expect(await b.claim('43', 360_000)).toBe(true);
    const ttl = await redis.pttl(`${prefix}px402:replay:42`);
    expect(ttl > 300_000 && ttl <= 360_000).toBe(true);
  });

  it('counts hits per key in a shared window and returns the remaining window as retry-after', async () => {
    const prefix = `${root}${randomUUID()}:`;
    const options = { limit: 2, windowMs: 30_000, prefix };
    const [a, b] = [new RedisRateLimiter(redis, options), new RedisRateLimiter(redis, options)];
    expect(await a.hit('/r|1.2.3.4')).toEqual({ allowed: true });
    expect(await b.hit('/r|1.2.3.4')).toEqual({ allowed: true });
    const refused = await a.hit('/r|1.2.3.4');
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) expect(refused.retryAfterMs > 0 && refused.retryAfterMs <= 30_000).toBe(true);
    expect(await b.hit('/r|5.6.7.8')).toEqual({ allowed: true });
  });

  it('repairs a counter key left without expiry instead of blocking forever', async () => {
    const prefix = `${root}${randomUUID()}:`;
    await redis.set(`${prefix}px402:rl:k`, '5');
    const refused = await new RedisRateLimiter(redis, { limit: 1, windowMs: 10_000, prefix }).hit('k');
    expect(refused).toEqual({ allowed: false, retryAfterMs: 10_000 });
    expect(await redis.pttl(`${prefix}px402:rl:k`)).toBeGreaterThan(0);
  });

  it('rejects nonsensical limits', () => {
    expect(() => new RedisRateLimiter(redis, { limit: 0, windowMs: 1000 })).toThrow(expect.objectContaining({ code: 'invalid_option', field: 'limit' }));
    expect(() => new RedisRateLimiter(redis, { limit: 1, windowMs: 0.5 })).toThrow(expect.objectContaining({ code: 'invalid_option', field: 'windowMs' }));
  });
});
