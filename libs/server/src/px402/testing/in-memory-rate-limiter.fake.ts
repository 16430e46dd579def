import { RateLimitDecision, RateLimiter } from '../ports/rate-limiter.port';

/** Unit-test double: counts hits per key with no window. Production uses {@link RedisRateLimiter}. */
export class InMemoryRateLimiter implements RateLimiter {
  readonly hits = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly retryAfterMs: number,
  ) {}

  async hit(key: string): Promise<RateLimitDecision> {
    const count = (this.hits.get(key) ?? 0) + 1;
    this.hits.set(key, count);
    return count <= this.limit ? { allowed: true } : { allowed: false, retryAfterMs: this.retryAfterMs };
  }
}
