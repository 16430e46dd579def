import { Inject, Injectable } from '@nestjs/common';
import { FIXED_WINDOW_LIMIT_SCRIPT, LOGGER, LuaScript, REDIS, SERVICE_CONFIG, type RedisClient } from '@quietpay/platform';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../config.schema';
import { ApiError } from '../http/api-error';
import { limitOf, type RateLimitBucket } from './rate-limit.config';

/** One request counted against one bucket, e.g. `{bucket: 'sessions_per_ip', key: '203.0.113.9'}`. */
export interface RateLimitHit {
  readonly bucket: RateLimitBucket;
  readonly key: string;
}

// By EVALSHA: the script's text is not sent with every request.
const FIXED_WINDOW_LIMIT = new LuaScript(FIXED_WINDOW_LIMIT_SCRIPT);

// What a client is told to wait when the counters cannot be read: long enough for a Redis failover.
const UNAVAILABLE_RETRY_SECONDS = 2;

/**
 * The gateway's rate limits, counted in the Redis every replica shares: one script per request
 * judges all its buckets atomically. Over a limit → 429 `rate_limited` with Retry-After; Redis
 * unreachable → 503 `rate_limit_unavailable` (the limit cannot be proven, so nothing is spent).
 */
@Injectable()
export class RateLimits {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async enforce(hits: readonly RateLimitHit[]): Promise<void> {
    const active = hits.filter((hit) => limitOf(this.config, hit.bucket) > 0);
    if (active.length === 0) return;
    // One hash tag: a multi-key script needs its keys in one cluster slot.
    const keys = active.map((hit) => `${this.config.RATE_LIMIT_KEY_PREFIX}{rl}:${hit.bucket}:${hit.key}`);
    const windowMs = this.config.RATE_LIMIT_WINDOW_SECONDS * 1000;
    let reply: unknown;
    try {
      reply = await FIXED_WINDOW_LIMIT.run(this.redis, keys, [windowMs, ...active.map((hit) => limitOf(this.config, hit.bucket))]);
    } catch (error) {
      this.logger.warn({ err: error }, 'rate-limit counters unavailable');
      throw new ApiError('rate_limit_unavailable', 'rate limits cannot be checked right now; retry later', { retryAfterSeconds: UNAVAILABLE_RETRY_SECONDS });
    }
    const [over, retryAfterMs] = Array.isArray(reply) ? (reply as [number, number]) : [0, 0];
    const bucket = active[over - 1]?.bucket;
    if (bucket === undefined) return;
    const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    throw new ApiError('rate_limited', `too many requests (${bucket}); retry in ${retryAfterSeconds} s`, {
      retryAfterSeconds,
      fields: { limit: bucket },
    });
  }
}
