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
 * At most one flush job waits per session: the first charge after a flush formed its batch sets
 * the session's schedule mark and enqueues a job; later charges see the mark and rely on that job
 * (or on the running flush's own follow-up, FlushBatchUseCase's pending check after it closes).
 * Forming a batch clears the mark first (CoalescingBatchStore), so any charge pushed after a form
 * schedules a new job: no charge is left without a flush that will see it.
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

  /** Called right before a flush forms its batch: charges pushed from now on need a flush of their own. */
  async formingBatch(sessionId: string): Promise<void> {
    await this.redis.del(this.markKey(sessionId));
  }

  private markKey(sessionId: string): string {
    return `${this.prefix}:batch:scheduled:{${sessionId}}`;
  }
}

/** The batch store of coalesced mode: forming a batch first clears the session's schedule mark. */
export class CoalescingBatchStore extends BatchStore {
  constructor(
    redis: RedisClient,
    prefix: string,
    ttlSeconds: number,
    private readonly flushes: CoalescedFlushes,
  ) {
    super(redis, prefix, ttlSeconds);
  }

  override async formNext(sessionId: string, newBatchId: string, maxSize: number, depth: number): Promise<string | undefined> {
    await this.flushes.formingBatch(sessionId);
    return super.formNext(sessionId, newBatchId, maxSize, depth);
  }
}
