import { commonConfigSchema } from '@quietpay/platform';
import { z } from 'zod';

const int = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const configSchema = commonConfigSchema({ name: 'submitter', httpPort: 4035 }).extend({
  SOLANA_RPC_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:8899'),
  // Redis key prefix for settlement records and source locks; BULLMQ_PREFIX for the queue.
  SUBMITTER_KEY_PREFIX: z.string().min(1).default('qp:submitter'),
  // Hash-tagged (`{...}`): BullMQ's scripts touch many keys of a queue, which must share one
  // Redis Cluster slot. Any prefix works on one Redis; on a cluster it must contain a tag.
  BULLMQ_PREFIX: z.string().min(1).default('{bull}'),
  SUBMITTER_CONCURRENCY: int(4),
  // How long a settlement (or batch) is retried through unavailability (ledger, NATS, Redis, RPC)
  // before a failure that is not terminal releases it, counted from its first submit. A landed
  // transfer is never released: its commit is retried past this bound.
  SETTLEMENT_DEADLINE_MS: int(10 * 60_000),
  // BullMQ attempts per job: only a backstop (the deadline is the bound); a job that still runs out
  // leaves its record open, and the reconciler re-enqueues it.
  SETTLEMENT_MAX_ATTEMPTS: int(10_000),
  SETTLEMENT_BACKOFF_MS: int(500),
  SETTLEMENT_BACKOFF_MAX_MS: int(30_000),
  // Rebuilds (expired blockhash, moved balance handles) within one attempt before the attempt ends
  // retryable and the job backs off. Never terminal on its own: the deadline bounds the retries.
  SETTLEMENT_MAX_REBUILDS: int(3),
  // The transfer lock (one in flight per source and per destination account): TTL (refreshed while confirming) and how long a job that found it busy waits.
  // A killed holder's lock blocks the worker that takes its job over until the TTL runs out, so it
  // is kept at the job lock (15 s), not above it: with 30 s the takeover waited for this lock, not
  // for stall detection. Every step under it is bounded by a NATS or RPC timeout (5 s) or refreshes it.
  SOURCE_LOCK_TTL_MS: int(15_000),
  SOURCE_LOCK_BUSY_DELAY_MS: int(200),
  // PubSub endpoint for signatureSubscribe (the confirmer wakes on it). Default: the RPC URL as
  // ws(s) with the port + 1, the Solana convention web3.js and localnet follow.
  SOLANA_WS_URL: z.url({ protocol: /^wss?$/ }).optional(),
  // Wake a confirmation wait on the chain's signatureSubscribe notification (false: poll only, as
  // the seed facilitator does). The status poll stays the source of truth either way.
  CONFIRM_ON_NOTIFICATIONS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  // Status poll interval while no notification can come (notifications off or their socket down).
  CONFIRM_POLL_MS: int(300),
  // Status poll interval while the chain will notify: only the safety net for a lost notification.
  CONFIRM_NOTIFIED_POLL_MS: int(2_000),
  // BullMQ stall detection: a job whose worker died (lock not renewed for SETTLEMENT_JOB_LOCK_MS)
  // is taken over within about lock + interval. Resuming is always safe (the record's journal is
  // checked on chain first), so a stall never fails a settlement: the stall count is only a backstop
  // against a job that kills its worker every time.
  SETTLEMENT_JOB_LOCK_MS: int(15_000),
  SETTLEMENT_STALLED_INTERVAL_MS: int(5_000),
  SETTLEMENT_MAX_STALLED: int(100),
  // The reconciler: every SETTLEMENT_RECONCILE_INTERVAL_MS (and at startup) the leader re-enqueues
  // settlements still open SETTLEMENT_RECONCILE_AFTER_MS after their submit and without a live job.
  SETTLEMENT_RECONCILE_INTERVAL_MS: int(30_000),
  SETTLEMENT_RECONCILE_AFTER_MS: int(60_000),
  // A ledger reservation this old that no submitter ever saw (its gateway died between reserve and
  // submit) is released by the reconciler, unless a transfer claimed it meanwhile. Keep it well
  // above the gateway's reserve-to-submit time (one NATS round trip; its request timeout bounds it).
  SETTLEMENT_UNSUBMITTED_AFTER_MS: int(120_000),
  // How long a per-call submit waits for the outcome; keep it under the caller's request timeout.
  SETTLEMENT_WAIT_MS: int(20_000),
  // per-call: one transfer per charge; batched: a session's charges are recorded and one flush per
  // session per BATCH_WINDOW_MS sends one transfer for their sum (at most BATCH_MAX_SIZE charges).
  SETTLEMENT_MODE: z.enum(['per-call', 'batched']).default('per-call'),
  // per-call mode only. single: one transfer per charge, each job waiting for the source lock on its
  // own. coalesced: the charges of a session that arrive while its transfer is in flight go, FIFO,
  // into the next transfer (the batched flush with no window; settlement/coalesced-flushes.ts);
  // every caller still waits for the transfer carrying its charge.
  PER_CALL_SETTLEMENT: z.enum(['single', 'coalesced']).default('single'),
  // coalesced only: how many of a session's batches may be in flight at once. 1: a flush holds the
  // source lock until its transfer is confirmed and booked (one transfer per slot per session).
  // 2+: the lock is held only until the node applied the transfer (`processed`), so the next batch
  // is built on its new balance handle while it awaits confirmation; members are still answered
  // only at their own transfer's confirmation. Bounds what a stuck confirmation can pile up.
  COALESCED_PIPELINE_DEPTH: int(2),
  BATCH_WINDOW_MS: int(2_000),
  BATCH_MAX_SIZE: int(50),
  // Settlement and failure records kept for status queries.
  SETTLEMENT_RECORD_TTL_SECONDS: int(7 * 24 * 3600),
  // Only for submits without a route: derive token accounts from the session (devnet id by default).
  INCO_TOKEN_PROGRAM_ID: z.string().min(32).optional(),
});

export type SubmitterConfig = z.output<typeof configSchema>;

/** Whether charges settle through per-session batches: batched mode, or coalesced per-call settlement. */
export function settlesInBatches(config: Pick<SubmitterConfig, 'SETTLEMENT_MODE' | 'PER_CALL_SETTLEMENT'>): boolean {
  return config.SETTLEMENT_MODE === 'batched' || config.PER_CALL_SETTLEMENT === 'coalesced';
}
