import { InvalidOptionError, QuietpayError } from '@quietpay/x402';
import type { Redis } from 'ioredis';
import { RateLimitDecision, RateLimiter } from '../ports/rate-limiter.port';

// Fixed window in one round trip: the first hit opens the window; the remaining TTL is the
// retry-after. The PTTL repair covers a key left without expiry (e.g. written by hand), which
// would otherwise block its client forever.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

export interface RedisRateLimiterOptions {
  /** Requests allowed per key per window. */
  readonly limit: number;
  readonly windowMs: number;
  /** Key namespace, e.g. per application or per test. */
  readonly prefix?: string;
}

/**
 * Fixed-window request counter in Redis (atomic Lua), so all replicas share one budget per
 * client IP and route.
 *
 * @example
 * const limiter = new RedisRateLimiter(redis, { limit: 60, windowMs: 60_000, prefix: 'weather-api:' });
 */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly options: RedisRateLimiterOptions,
  ) {
    if (!Number.isSafeInteger(options.limit) || options.limit < 1)
      throw new InvalidOptionError('RedisRateLimiter', 'limit', 'must be an integer ≥ 1', options.limit);
    if (!Number.isSafeInteger(options.windowMs) || options.windowMs < 1) {
      throw new InvalidOptionError('RedisRateLimiter', 'windowMs', 'must be an integer ≥ 1', options.windowMs);
    }
  }

  async hit(key: string): Promise<RateLimitDecision> {
    const redisKey = `${this.options.prefix ?? ''}px402:rl:${key}`;
    const reply = await this.redis.eval(HIT_SCRIPT, 1, redisKey, this.options.windowMs);
    if (!Array.isArray(reply) || typeof reply[0] !== 'number' || typeof reply[1] !== 'number') {
      // decide() answers any store failure with 503 dependency_unavailable; the code says the same.
      throw new QuietpayError('unexpected rate-limit script reply', { code: 'dependency_unavailable', retryable: true, phase: 'rate-limit' });
    }
    const [count, ttlMs] = reply as [number, number];
    return count <= this.options.limit ? { allowed: true } : { allowed: false, retryAfterMs: ttlMs };
  }
}
