import { randomUUID } from 'node:crypto';
import { SettlementRoute } from '@quietpay/contracts';
import { Logger } from 'pino';
import { HeldLock } from '../lock/source.lock';
import { timedStep } from '../metrics/settlement-step.metrics';
import { SettlementCollaborators } from '../ports/settlement-collaborators.port';
import { SettlementRecords } from '../ports/settlement-records.port';
import { SettlementRoutes } from '../ports/settlement-routes.port';
import { SourceLocks } from '../ports/source-locks.port';
import { TransferLanding } from '../ports/transfer-landing.port';
import type { BatchRecords } from '../ports/batch-records.port';
import { Batch } from '../settlement/batch.store';
import type { FinishedSettlements } from '../settlement/finished-settlements';
import { SettlementQueue } from '../settlement/settlement.queue';
import { BatchBooking, flushRetry } from './batch-booking';
import { BatchConfirmationWait } from './batch-confirmation-wait';
import { BatchLanding } from './batch-landing';
import { classifyFailure } from './failure.classifier';
import type { JobOwnership } from './job-ownership';
import { readOpenBatch } from './open-batch';
import { ProcessOutcome } from './process-settlement.usecase';
import { SettlementDeadline } from './settlement-deadline';

/** The name a session's flush holds the source lock under. */
const flushHolder = (sessionId: string): string => `flush:${sessionId}`;

/** What a flush did under the source lock: batches finished (to wake), landed and awaiting confirmation, the one it formed, one it left to another's wait. */
interface LockedWork {
  readonly booked: readonly Batch[];
  readonly awaiting: readonly Batch[];
  readonly formed?: string;
  readonly skipped?: Batch;
}

export interface FlushBatchDeps {
  readonly batches: BatchRecords;
  readonly settlements: SettlementRecords;
  readonly queue: Pick<SettlementQueue, 'ensureFlush'>;
  readonly lock: SourceLocks;
  readonly driver: TransferLanding;
  readonly peers: SettlementCollaborators;
  readonly routes: SettlementRoutes;
  readonly deadline: SettlementDeadline;
  readonly maxSize: number;
  /**
   * How many of a session's batches may be open at once (COALESCED_PIPELINE_DEPTH in coalesced
   * per-call mode; always 1 in batched mode). 1: a flush holds the source lock until its transfer
   * is confirmed and booked. More: it holds the lock only until the node applied the transfer
   * (`processed`), so the next flush builds batch k+1 on k's new balance handle while k awaits
   * confirmation; k's members are still booked and answered only once k itself is confirmed.
   */
  readonly depth: number;
  /**
   * How long a flush's claim to be awaiting a landed batch's confirmation (outside the lock) lasts
   * unrefreshed: a flush finding the claim lapsed drives that batch itself (its waiter died).
   */
  readonly awaitClaimMs: number;
  readonly now?: () => number;
  /**
   * Batched mode: every member was answered success (served) before its flush. Then a flush locks
   * its destination too, and a terminal failure suspends the session and counts the members as
   * served unpaid. Coalesced per-call flushes answer after confirmation: neither applies.
   */
  readonly servedBeforeSettling: boolean;
  /**
   * Wakes this process's submits waiting on the members (coalesced per-call), told once the source
   * lock is released: woken as each record was written, their answers and the callers' next
   * submits competed for the cores with the rest of the booking, all under the lock.
   */
  readonly finishes?: Pick<FinishedSettlements, 'finished'>;
  readonly logger: Logger;
}

/**
 * One flush of a session's batch (batched mode, and coalesced per-call): under the source lock,
 * resume the session's open batches (oldest first) and form one more from its pending charges
 * (atomically, before building) while fewer than `depth` are open, land ONE transfer of each
 * batch's sum, then commit every member with that signature, or release every member on a
 * terminal failure (or any failure past the batch's deadline). A retry or another replica resumes
 * the same batches: each recorded transaction is checked on chain first, so the same charges are
 * never paid by a second transfer; a recorded verdict (landed, releasing) is only finished, never
 * decided again.
 *
 * Pipelined (`depth` > 1): a batch's transfer is driven under the lock only until the node applied
 * it (`processed`); the flush then claims the batch as awaited (markAwaited), releases the lock,
 * and waits for that transaction's confirmation outside it, re-broadcasting the same bytes but
 * never rebuilding: anything but `confirmed` drops the claim and ends the job retryable, and the
 * rebuild, if the chain says the bytes cannot land, happens under the lock on resume, through the
 * same path as before. Members are booked (and their callers answered) only on their own batch's
 * confirmation, with its signature. Batches may confirm, fail or be rebuilt in any order: each
 * carries distinct charges and has at most one live bound transaction at the ledger, so order
 * decides nothing about who pays what (a batch built on a predecessor's handle that was then
 * dropped reverts for the fee, stale handles, and is rebuilt on the state that exists).
 *
 * A worker that stalled past its locks (and lost the job to another) may still be mid-build: it
 * sends nothing unless the ledger binds its transaction as the batch's one transaction, which it
 * refuses once another attempt replaced it, and answers the other attempt's bound transaction to
 * anyone who asks while that one can still land (batch-transaction.lua.ts in session-ledger).
 *
 * Parts: batch-landing.ts (one batch under the lock), batch-confirmation-wait.ts (a pipelined
 * batch's wait outside it), batch-booking.ts (its members booked with the verdict).
 */
export class FlushBatchUseCase {
  private readonly now: () => number;
  private readonly landing: BatchLanding;
  private readonly confirmationWait: BatchConfirmationWait;

  constructor(private readonly deps: FlushBatchDeps) {
    this.now = deps.now ?? Date.now;
    const booking = new BatchBooking(deps);
    this.landing = new BatchLanding({ ...deps, now: this.now }, booking);
    this.confirmationWait = new BatchConfirmationWait({ ...deps, now: this.now }, booking);
  }

  async execute(sessionId: string, ownership: JobOwnership = async () => undefined): Promise<ProcessOutcome> {
    const { lock } = this.deps;
    await this.deps.batches.flushStarting(sessionId);
    let route: SettlementRoute;
    try {
      route = await timedStep('route', () => this.deps.routes.resolve({ sessionId }));
    } catch (error) {
      throw flushRetry(this.deps.logger, sessionId, classifyFailure(error), error);
    }
    // Source AND destination: many sessions flushing to one merchant would otherwise all be built
    // against the same merchant handle, and every loser of that race rebuilds into the next one.
    const held = await timedStep('lock', () =>
      lock.tryAcquire(route.source, this.deps.servedBeforeSettling ? route.destination : undefined, flushHolder(sessionId)),
    );
    // A flush of this session holds the source: it checks the pending list after releasing it
    // (below, on every path that returns), and the charge that scheduled this job was pushed before
    // this job found the source held, so that check sees it. Waiting and trying again here every
    // SOURCE_LOCK_BUSY_DELAY_MS was ~75 job runs per coalesced transfer. Should that flush's job
    // fail for good instead, the reconciler schedules a flush for the open charges it left.
    if (!held) return (await lock.holderOf(route.source)) === flushHolder(sessionId) ? 'covered' : 'source_busy';
    let work: LockedWork;
    try {
      work = await this.underLock(sessionId, held, ownership);
    } catch (error) {
      await this.release(held);
      throw error;
    }
    // More charges than one batch takes, or charges that arrived during this flush: flush again.
    // Only once the lock is free: a follow-up enqueued before the release was often picked up while
    // the source was still held, found it busy and waited SOURCE_LOCK_BUSY_DELAY_MS, every cycle.
    await timedStep('handoff', async () => {
      await this.release(held);
      await this.followUp(sessionId, work.formed ?? `empty-${randomUUID()}`);
    });
    this.wake(work.booked);
    for (const batch of work.awaiting) {
      await this.confirmationWait.confirmAndBook(batch, ownership);
      await this.followUp(batch.sessionId, `${batch.batchId}.closed`);
      this.wake([batch]);
    }
    if (work.skipped !== undefined) await this.checkAfterClaim(work.skipped);
    return 'done';
  }

  /**
   * Resumes the session's open batches, oldest first, then forms one more if fewer than `depth`
   * are open. A batch another flush awaits (its claim still fresh) is left to it.
   */
  private async underLock(sessionId: string, held: HeldLock, ownership: JobOwnership): Promise<LockedWork> {
    const work: { booked: Batch[]; awaiting: Batch[]; formed?: string; skipped?: Batch } = { booked: [], awaiting: [] };
    // Booked: woken after the release. Claimed as awaited: confirmed after it.
    const drive = async (batch: Batch): Promise<void> => {
      const result = await this.landing.drive(batch, held, ownership);
      if (result.kind === 'booked') work.booked.push(batch);
      else work.awaiting.push(result.batch);
    };
    const open = await timedStep('form', () => this.deps.batches.openBatches(sessionId));
    for (const batchId of open) {
      const batch = await readOpenBatch(this.deps.batches, batchId);
      // Its waiter is alive (it may be booking it: a landed verdict is not ours to book twice).
      if (batch.awaitedUntilMs > this.now()) {
        work.skipped ??= batch;
        continue;
      }
      await drive(batch);
    }
    if (open.length < this.deps.depth) {
      const batchId = await timedStep('form', () => this.deps.batches.formNext(sessionId, randomUUID(), this.deps.maxSize, this.deps.depth));
      if (batchId !== undefined) {
        work.formed = batchId;
        await drive(await readOpenBatch(this.deps.batches, batchId));
      }
    }
    // Only a flush that leaves nothing in flight of its own checks back on a batch it skipped.
    if (work.awaiting.length > 0 || work.formed !== undefined) delete work.skipped;
    return work;
  }

  /** More to form (pending charges, room in the pipeline): a flush job, unless one is waiting. */
  private async followUp(sessionId: string, after: string): Promise<void> {
    const { batches, queue, depth } = this.deps;
    if ((await batches.pendingCount(sessionId)) === 0) return;
    if ((await batches.openBatches(sessionId)).length >= depth) return;
    await queue.ensureFlush(sessionId, 0, after);
  }

  /**
   * A flush that found a batch claimed by another flush's confirmation wait, and had nothing of its
   * own in flight: a flush once that claim would lapse, so a waiter that died (a killed submitter
   * whose job was taken over before its claim ran out) does not leave the batch to the reconciler.
   * One per batch (the job id); it finds the batch closed when its waiter was alive.
   */
  private async checkAfterClaim(batch: Batch): Promise<void> {
    const delayMs = Math.max(0, batch.awaitedUntilMs - this.now()) + 100;
    await this.deps.queue.ensureFlush(batch.sessionId, delayMs, `claim-${batch.batchId}`);
  }

  private wake(batches: readonly Batch[]): void {
    for (const batch of batches) for (const settlementId of batch.members) this.deps.finishes?.finished(settlementId);
  }

  private async release(held: HeldLock): Promise<void> {
    await this.deps.lock.release(held).catch((error: unknown) => this.deps.logger.warn({ err: error }, 'source lock release failed (TTL will free it)'));
  }
}
