import { ConnectionOptions } from 'bullmq';
import { Redis, RedisOptions } from 'ioredis';
import { type Credentials, passwordOf } from '../auth/service-credentials';

/**
 * The ACL user a connection authenticates as (ioredis and BullMQ take the same two fields). They
 * override any user in the URL, which therefore never has to carry a password.
 */
export function redisAuthOptions(credentials: Credentials | undefined): Pick<RedisOptions, 'username' | 'password'> {
  return credentials ? { username: credentials.user, password: passwordOf(credentials.password) } : {};
}

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
 * const redis = createRedis(config.REDIS_URL, 'session-ledger', redisCredentials(config));
 */
export function createRedis(url: string, connectionName: string, credentials?: Credentials): Redis {
  return new Redis(url, { ...redisOptions(connectionName), ...redisAuthOptions(credentials) });
}

/**
 * Connection options for BullMQ queues and workers from REDIS_URL and the service's ACL user.
 * Workers block on Redis, so there is no per-command retry limit.
 *
 * @example
 * new Queue('settlement-submit', { connection: queueConnectionOptions(config.REDIS_URL, redisCredentials(config)) });
 */
export function queueConnectionOptions(url: string, credentials?: Credentials): ConnectionOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    db: Number(parsed.pathname.slice(1) || 0),
    username: decodeURIComponent(parsed.username) || undefined,
    password: decodeURIComponent(parsed.password) || undefined,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
    ...redisAuthOptions(credentials),
  };
}
