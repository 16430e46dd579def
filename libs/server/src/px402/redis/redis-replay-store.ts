import type { Redis } from 'ioredis';
import { ReplayStore } from '../ports/replay-store.port';

/**
 * Replay set in Redis, shared by every replica: `SET <prefix>px402:replay:<id> 1 PX <ttl> NX`,
 * so exactly one request across the fleet wins a payment id.
 *
 * @example
 * const replay = new RedisReplayStore(new Redis(url), { prefix: 'weather-api:' });
 */
export class RedisReplayStore implements ReplayStore {
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    options: { readonly prefix?: string } = {},
  ) {
    this.prefix = options.prefix ?? '';
  }

  async claim(paymentId: string, ttlMs: number): Promise<boolean> {
    const ttl = Math.max(1, Math.ceil(ttlMs));
    const result = await this.redis.set(`${this.prefix}px402:replay:${paymentId}`, '1', 'PX', ttl, 'NX');
    return result === 'OK';
  }
}
