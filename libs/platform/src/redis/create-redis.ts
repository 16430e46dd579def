import { ConnectionOptions } from 'bullmq';
import { Cluster, ClusterOptions, Redis, RedisOptions } from 'ioredis';
import { type Credentials, passwordOf } from '../auth/service-credentials';

/**
 * What every service talks to: one Redis, or a Redis Cluster. Both answer the same commands; a
 * script or a multi-key command on a cluster needs its keys in one slot, which is why every key
 * family a script touches carries a hash tag (`{sessionId}`, `{rl}`...).
 */
export type RedisClient = Redis | Cluster;

/**
 * Where Redis is: REDIS_URL for one server, or REDIS_CLUSTER_NODES (`host:port,host:port`, any
 * of the cluster's nodes: the client learns the rest from CLUSTER SLOTS). With nodes set, the
 * URL's scheme (rediss: TLS) still applies to every node; its host is not used.
 */
export interface RedisTarget {
  readonly url: string;
  readonly clusterNodes?: readonly string[] | undefined;
}

/** `host:port` list of REDIS_CLUSTER_NODES, parsed; an empty list means "not a cluster". */
export function parseClusterNodes(value: string | undefined): { host: string; port: number }[] {
  if (value === undefined || value.trim() === '') return [];
  return value.split(',').map((entry) => {
    const at = entry.trim().lastIndexOf(':');
    const host = entry.trim().slice(0, at);
    const port = Number(entry.trim().slice(at + 1));
    if (at <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) throw new RangeError(`REDIS_CLUSTER_NODES: "${entry}" is not host:port`);
    return { host, port };
  });
}

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

function clusterOptions(url: string, redis: RedisOptions): ClusterOptions {
  return {
    redisOptions: { ...redis, tls: new URL(url).protocol === 'rediss:' ? {} : undefined },
    enableOfflineQueue: redis.enableOfflineQueue ?? true,
    clusterRetryStrategy: (attempt: number) => Math.min(100 * 2 ** attempt, 2000),
    // MOVED/ASK during a resharding or failover are followed; this bounds how many times.
    maxRedirections: 16,
  };
}

/**
 * A Redis client for commands (sessions, locks, watermarks): a Cluster client when the target
 * names cluster nodes.
 *
 * @example
 * const redis = createRedis(config.REDIS_URL, 'session-ledger', redisCredentials(config), parseClusterNodes(config.REDIS_CLUSTER_NODES));
 */
export function createRedis(url: string, connectionName: string, credentials?: Credentials): Redis;
export function createRedis(
  url: string,
  connectionName: string,
  credentials: Credentials | undefined,
  clusterNodes: readonly { host: string; port: number }[],
): RedisClient;
export function createRedis(
  url: string,
  connectionName: string,
  credentials?: Credentials,
  clusterNodes: readonly { host: string; port: number }[] = [],
): RedisClient {
  const options = { ...redisOptions(connectionName), ...redisAuthOptions(credentials) };
  if (clusterNodes.length > 0) return new Cluster([...clusterNodes], clusterOptions(url, options));
  return new Redis(url, options);
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

/**
 * A BullMQ connection on a Redis Cluster: BullMQ takes a Cluster client (not options) and needs
 * no retry limit on it (workers block). The caller owns it and quits it after the queue or worker
 * closed. BullMQ keeps a queue's keys in one slot only when its prefix is hash-tagged
 * (`{bull}`), so the submitter's BULLMQ_PREFIX is.
 */
export function queueClusterConnection(url: string, clusterNodes: readonly { host: string; port: number }[], credentials?: Credentials): Cluster {
  const redis: RedisOptions = { ...redisAuthOptions(credentials), maxRetriesPerRequest: null, enableOfflineQueue: true };
  return new Cluster([...clusterNodes], clusterOptions(url, redis));
}
