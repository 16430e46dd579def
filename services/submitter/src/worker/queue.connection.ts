import { type CommonConfig, parseClusterNodes, queueClusterConnection, queueConnectionOptions, redisCredentials } from '@quietpay/platform';
import { ConnectionOptions } from 'bullmq';

export const SETTLEMENT_QUEUE = 'settlement-submit';
/** Job name of a batched-mode flush (payload `{ sessionId }`); per-charge jobs use SETTLEMENT_QUEUE as name. */
export const BATCH_FLUSH_JOB = 'batch-flush';

/** A BullMQ connection and how to let it go once its queue or worker closed. */
export interface BullConnection {
  readonly connection: ConnectionOptions;
  /** Quits the Cluster client this connection made (BullMQ leaves a client it was given open). */
  release(): Promise<void>;
}

/**
 * BullMQ connection from REDIS_URL (or REDIS_CLUSTER_NODES) and the submitter's Redis ACL user.
 * Call `release` after closing the queue or worker that used it.
 */
export function bullConnection(config: CommonConfig): BullConnection {
  const nodes = parseClusterNodes(config.REDIS_CLUSTER_NODES);
  if (nodes.length === 0) return { connection: queueConnectionOptions(config.REDIS_URL, redisCredentials(config)), release: () => Promise.resolve() };
  const client = queueClusterConnection(config.REDIS_URL, nodes, redisCredentials(config));
  return {
    connection: client,
    release: async () => {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
