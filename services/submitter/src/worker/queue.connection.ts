import { ConnectionOptions } from 'bullmq';

export const SETTLEMENT_QUEUE = 'settlement-submit';
/** Job name of a batched-mode flush (payload `{ sessionId }`); per-charge jobs use SETTLEMENT_QUEUE as name. */
export const BATCH_FLUSH_JOB = 'batch-flush';

/** BullMQ connection options from REDIS_URL; workers block, so no per-command retry limit. */
export function bullConnection(redisUrl: string): ConnectionOptions {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    db: Number(url.pathname.slice(1) || 0),
    username: decodeURIComponent(url.username) || undefined,
    password: decodeURIComponent(url.password) || undefined,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}
