import { Cluster } from 'ioredis';
import { startRedisCluster as startCluster } from './stack-scripts';

/** A Redis Cluster of a test's own: masters only, each a redis-server on a free port. */
export interface RedisClusterProcess {
  /** `host:port` of every master, as REDIS_CLUSTER_NODES takes them. */
  readonly nodes: string;
  /** `redis://host:port` of every master (an admin connection to one node: ACL users, SCAN). */
  readonly urls: readonly string[];
  /** A Cluster client as the open default user (the test's own reads). */
  client(): Cluster;
  stop(): Promise<void>;
}

/**
 * Starts `masters` redis-servers with `--cluster-enabled yes`, joined by `redis-cli --cluster
 * create`, once every node reports `cluster_state:ok` (scripts/stack/redis-servers.mjs, the same
 * code bench/settle's cluster modes start their cluster with).
 */
export async function startRedisCluster(masters = 3): Promise<RedisClusterProcess> {
  const cluster = await startCluster(masters);
  return {
    nodes: cluster.nodes,
    urls: cluster.urls,
    client: () => new Cluster(cluster.ports.map((port) => ({ host: '127.0.0.1', port }))),
    stop: cluster.stop,
  };
}
