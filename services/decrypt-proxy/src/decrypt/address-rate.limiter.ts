import type { RedisClient } from '@quietpay/platform';
import { decryptError } from './decrypt.errors';

/**
 * Fixed-window limit per address in Redis, so it holds across every decrypt-proxy replica.
 * Counts handles, since each one costs the covalidator a decrypt.
 */
export class AddressRateLimiter {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly limit: number,
    private readonly windowSeconds: number,
  ) {}

  async take(address: string, cost: number): Promise<void> {
    const window = Math.floor(Date.now() / 1000 / this.windowSeconds);
    const key = `${this.prefix}:rate:${address}:${window}`;
    const [[, used]] = (await this.redis
      .multi()
      .incrby(key, cost)
      .expire(key, this.windowSeconds * 2)
      .exec()) as [[Error | null, number]];
    if (used > this.limit) {
      throw decryptError('rate_limited', 'too many decrypt requests for this address', {
        context: { address, limit: String(this.limit), windowSeconds: String(this.windowSeconds) },
      });
    }
  }
}
