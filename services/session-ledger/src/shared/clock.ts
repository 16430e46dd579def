import type { RedisClient } from '@quietpay/platform';

/** Wall-clock seconds, injected so use cases can be tested at a fixed instant. */
export type Clock = () => Promise<number>;

export const CLOCK = Symbol('session-ledger.clock');

/**
 * Redis's own time (`TIME`): the clock the charge script judges expiry by, so every replica (and
 * every decision: session view, open terms, close freshness) agrees whatever its host clock says.
 */
export function redisClock(redis: Pick<RedisClient, 'time'>): Clock {
  return async () => Number((await redis.time())[0]);
}
