import { type CommonConfig, queueConnectionOptions, redisCredentials } from '@quietpay/platform';
import { ConnectionOptions } from 'bullmq';

export const SETTLEMENT_QUEUE = 'settlement-submit';
/** Job name of a batched-mode flush (payload `{ sessionId }`); per-charge jobs use SETTLEMENT_QUEUE as name. */
export const BATCH_FLUSH_JOB = 'batch-flush';

/** BullMQ connection options from REDIS_URL and the submitter's Redis ACL user. */
export function bullConnection(config: CommonConfig): ConnectionOptions {
  return queueConnectionOptions(config.REDIS_URL, redisCredentials(config));
}
