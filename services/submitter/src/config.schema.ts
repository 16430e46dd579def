import { commonConfigSchema } from '@quietpay/platform';
import { z } from 'zod';

const int = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const configSchema = commonConfigSchema({ name: 'submitter', httpPort: 4035 }).extend({
  SOLANA_RPC_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:8899'),
  // Redis key prefix for settlement records and source locks; BULLMQ_PREFIX for the queue.
  SUBMITTER_KEY_PREFIX: z.string().min(1).default('qp:submitter'),
  BULLMQ_PREFIX: z.string().min(1).default('bull'),
  SUBMITTER_CONCURRENCY: int(4),
  // BullMQ attempts per settlement (retryable failures only) and the exponential backoff.
  SETTLEMENT_MAX_ATTEMPTS: int(6),
  SETTLEMENT_BACKOFF_MS: int(500),
  SETTLEMENT_BACKOFF_MAX_MS: int(30_000),
  // Rebuilds after an expired blockhash within one attempt before it counts as a failed attempt.
  SETTLEMENT_MAX_REBUILDS: int(3),
  // The per-source lock: TTL (refreshed while confirming) and how long a job that found it busy waits.
  SOURCE_LOCK_TTL_MS: int(30_000),
  SOURCE_LOCK_BUSY_DELAY_MS: int(200),
  CONFIRM_POLL_MS: int(300),
  // How long a per-call submit waits for the outcome; keep it under the caller's request timeout.
  SETTLEMENT_WAIT_MS: int(20_000),
  // per-call: one transfer per charge; batched: a session's charges are recorded and one flush per
  // session per BATCH_WINDOW_MS sends one transfer for their sum (at most BATCH_MAX_SIZE charges).
  SETTLEMENT_MODE: z.enum(['per-call', 'batched']).default('per-call'),
  BATCH_WINDOW_MS: int(2_000),
  BATCH_MAX_SIZE: int(50),
  // Settlement and failure records kept for status queries.
  SETTLEMENT_RECORD_TTL_SECONDS: int(7 * 24 * 3600),
  // Only for submits without a route: derive token accounts from the session (devnet id by default).
  INCO_TOKEN_PROGRAM_ID: z.string().min(32).optional(),
});

export type SubmitterConfig = z.output<typeof configSchema>;
