import { Redis, RedisOptions } from 'ioredis';

/**
 * Redis options for a URL: reconnect forever with capped back-off (a Redis restart must not
 * kill the service; readiness reports it), and fail commands fast while disconnected instead
 * of queueing them unboundedly.
 */
export function redisOptions(connectionName: string): RedisOptions {
  return {
    connectionName,
    lazyConnect: false,
    enableOfflineQueue: true,
    maxRetriesPerRequest: 2,
    retryStrategy: (attempt: number) => Math.min(100 * 2 ** attempt, 2000),
    reconnectOnError: (error: Error) => error.message.startsWith('READONLY'),
  };
}

/**
 * A Redis client for commands (sessions, locks, watermarks).
 *
 * @example
 * const redis = createRedis(config.REDIS_URL, 'session-ledger');
 */
export function createRedis(url: string, connectionName: string): Redis {
  return new Redis(url, redisOptions(connectionName));
}
