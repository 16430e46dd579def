import { randomUUID } from 'node:crypto';
import type { RedisClient } from '@quietpay/platform';
import { BatchStore } from './batch.store';
import { SettlementQueue } from './settlement.queue';

/**
 * How long a schedule mark outlives its job's enqueue at most. Short on purpose: the mark only
 * saves jobs (one flush waiting per session instead of one per charge); if its job dies before it
 * forms, new charges of the session schedule a fresh one once the mark expires.
 */
const SCHEDULE_MARK_TTL_MS = 2_000;

/** The two Redis calls a schedule mark needs (a RedisClient; a map in unit specs). */
export interface ScheduleMarkStore {
  set(key: string, value: string, px: 'PX', ttlMs: number, nx: 'NX'): Promise<'OK' | null>;
  del(key: string): Promise<number>;
}

/**
 * Coalesced per-call settlement (PER_CALL_SETTLEMENT=coalesced): a charge joins its session's
 * pending list (as in batched mode, in the same script as its record) and a flush runs as soon as
 * the session's source account is free. Every charge that arrived while a transfer was in flight
 * is taken, in arrival order, by the next flush: one confirmed transfer carries them all, through
 * the batched flush (FlushBatchUseCase) with its ledger-signed batch authorization, so there is one
 * way to settle many charges with one transfer, not two.
 *
 * At most one flush job waits per session: the first charge after a flush job started sets the
 * session's schedule mark and enqueues a job; later charges see the mark and rely on that job.
 * Every flush job clears the mark as it starts (CoalescingBatchStore.flushStarting), before it looks
 * at the source lock or the pending list, so any charge pushed after that schedules a new job, and
 * every charge pushed before it is seen by this job or by what it defers to: the flush holding the
 * source (its pending check after releasing), or, with the pipeline full, the flushes closing the
 * open batches (their pending check after closing). Cleared only when a batch formed, a mark set
 * for a job that then found the source held outlived the charge it was set for (taken by the
 * holder's batch), and the next charges, seeing it, scheduled nothing: ~30 s stalls, until the
 * gateway's settle timeout made the caller retry (bench, pipelined coalesced at 8 in flight).
 */
export class CoalescedFlushes {
  constructor(
    private readonly redis: ScheduleMarkStore,
    private readonly prefix: string,
    private readonly queue: Pick<SettlementQueue, 'ensureFlush'>,
  ) {}

  /** A flush for the session unless one is waiting already; `force` (a retried submit) always adds one. */
  async schedule(sessionId: string, options: { force: boolean } = { force: false }): Promise<void> {
    const token = randomUUID();
    if (!options.force) {
      const marked = await this.redis.set(this.markKey(sessionId), token, 'PX', SCHEDULE_MARK_TTL_MS, 'NX');
      if (marked !== 'OK') return;
    }
    await this.queue.ensureFlush(sessionId, 0, `coalesce-${token}`);
  }

  /** Called as a flush job starts: charges pushed from now on need a flush of their own. */
  async flushStarting(sessionId: string): Promise<void> {
    await this.redis.del(this.markKey(sessionId));
  }

  private markKey(sessionId: string): string {
    return `${this.prefix}:batch:scheduled:{${sessionId}}`;
  }
}

/** The batch store of coalesced mode: a flush job starting clears the session's schedule mark. */
export class CoalescingBatchStore extends BatchStore {
  constructor(
    redis: RedisClient,
    prefix: string,
    ttlSeconds: number,
    private readonly flushes: CoalescedFlushes,
  ) {
    super(redis, prefix, ttlSeconds);
  }

  override async flushStarting(sessionId: string): Promise<void> {
    await this.flushes.flushStarting(sessionId);
  }
}
