import { randomUUID } from 'node:crypto';
import { SettlementRoute } from '@quietpay/contracts';
import { QuietpayError } from '@quietpay/platform';
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
import { SentAttempt } from '../settlement/settlement.store';
import { bindTransfer } from './authorized-transfer';
import { BatchBooking, flushRetry } from './batch-booking';
import { ClassifiedFailure, classifyFailure } from './failure.classifier';
import { ProcessOutcome } from './process-settlement.usecase';
import { SettlementDeadline } from './settlement-deadline';
import { BuiltAttempt, FinalVerdict, LandedTransfer, TransferJournal } from './transfer-driver';
import { submitterError } from '../submitter.errors';

/**
 * Throws when this worker no longer owns the job (its BullMQ lock expired while it stalled, and
 * another worker took the job over): checked before a transaction is bound, i.e. before any send.
 */
export type JobOwnership = () => Promise<void>;

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
 */
export class FlushBatchUseCase {
  private readonly booking: BatchBooking;
  private readonly now: () => number;

  constructor(private readonly deps: FlushBatchDeps) {
    this.booking = new BatchBooking(deps);
    this.now = deps.now ?? Date.now;
  }

  async execute(sessionId: string, ownership: JobOwnership = async () => undefined): Promise<ProcessOutcome> {
    const { lock } = this.deps;
    await this.deps.batches.flushStarting(sessionId);
    let route: SettlementRoute;
    try {
      route = await timedStep('route', () => this.deps.routes.resolve({ sessionId }));
    } catch (error) {
      throw this.retry(sessionId, classifyFailure(error), error);
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
    for (const batch of work.awaiting) await this.awaitConfirmed(batch, ownership);
    if (work.skipped !== undefined) await this.checkAfterClaim(work.skipped);
    return 'done';
  }

  /**
   * Resumes the session's open batches, oldest first, then forms one more if fewer than `depth`
   * are open. A batch another flush awaits (its claim still fresh) is left to it.
   */
  private async underLock(sessionId: string, held: HeldLock, ownership: JobOwnership): Promise<LockedWork> {
    const work: { booked: Batch[]; awaiting: Batch[]; formed?: string; skipped?: Batch } = { booked: [], awaiting: [] };
    const open = await timedStep('form', () => this.deps.batches.openBatches(sessionId));
    for (const batchId of open) {
      const batch = await this.batch(batchId);
      // Its waiter is alive (it may be booking it: a landed verdict is not ours to book twice).
      if (batch.awaitedUntilMs > this.now()) {
        work.skipped ??= batch;
        continue;
      }
      await this.drive(batch, held, ownership, work);
    }
    if (open.length < this.deps.depth) {
      const batchId = await timedStep('form', () => this.deps.batches.formNext(sessionId, randomUUID(), this.deps.maxSize, this.deps.depth));
      if (batchId !== undefined) {
        work.formed = batchId;
        await this.drive(await this.batch(batchId), held, ownership, work);
      }
    }
    // Only a flush that leaves nothing in flight of its own checks back on a batch it skipped.
    if (work.awaiting.length > 0 || work.formed !== undefined) delete work.skipped;
    return work;
  }

  private async batch(batchId: string): Promise<Batch> {
    const batch = await this.deps.batches.get(batchId);
    if (!batch) throw submitterError('batch_not_found', 'open batch record vanished', { context: { batchId } });
    return batch;
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

  /**
   * One open batch under the lock: a recorded verdict is finished; otherwise its transfer is landed
   * (built, or resumed from the recorded one) until confirmed and booked (depth 1, or it was
   * confirmed already), or until processed: then claimed as awaited, confirmed after the release.
   */
  private async drive(batch: Batch, held: HeldLock, ownership: JobOwnership, work: { booked: Batch[]; awaiting: Batch[] }): Promise<void> {
    if (batch.verdict?.kind === 'landed') {
      await this.booking.settled(batch, batch.verdict.signature, batch.verdict.slot);
      work.booked.push(batch);
      return;
    }
    if (batch.verdict?.kind === 'releasing') {
      await this.booking.released(batch, batch.verdict);
      work.booked.push(batch);
      return;
    }
    let landed: LandedTransfer;
    try {
      const owned = async (): Promise<void> => {
        await this.deps.lock.keepAlive(held);
        await ownership();
      };
      landed = await this.deps.driver.land(
        batch.batchId,
        batch.sent,
        (dead) => this.buildAndSign(batch, dead, owned),
        this.journal(batch.batchId),
        () => this.deps.lock.keepAlive(held),
        this.deps.depth > 1 ? 'processed' : 'confirmed',
      );
    } catch (error) {
      const failure = classifyFailure(error);
      if (failure.kind !== 'terminal' && !this.deps.deadline.passed(batch.formedAtMs)) throw this.retry(batch.sessionId, failure, error, batch.batchId);
      await this.fail(batch, failure, held);
      work.booked.push(batch);
      return;
    }
    if (landed.confirmed) {
      await this.deps.batches.markLanded(batch.batchId, landed.signature, landed.slot);
      await this.booking.settled(batch, landed.signature, landed.slot);
      work.booked.push(batch);
      return;
    }
    // Claimed before the lock is released, so the next flush leaves this batch to us.
    await this.deps.batches.markAwaited(batch.batchId, this.now() + this.deps.awaitClaimMs);
    work.awaiting.push(await this.batch(batch.batchId));
  }

  /**
   * Outside the lock: the batch's transaction (applied by the node) to `confirmed`, then its
   * members booked and woken. The same bytes only: re-broadcast while they can land, never
   * rebuilt here (a rebuild needs the lock). Any other verdict, or no verdict within the window,
   * drops the claim and ends the job retryable: the next flush resumes the batch under the lock,
   * where the chain's verdict decides (rebuild after expiry or a stale-handle revert, release on
   * a terminal failure).
   */
  private async awaitConfirmed(batch: Batch, ownership: JobOwnership): Promise<void> {
    const { batches, driver } = this.deps;
    const sent = batch.sent;
    if (sent === undefined) throw submitterError('batch_not_found', 'a landed batch has no recorded transaction', { context: { batchId: batch.batchId } });
    const claim = async (): Promise<void> => {
      await ownership();
      await batches.markAwaited(batch.batchId, this.now() + this.deps.awaitClaimMs);
    };
    let outcome: FinalVerdict;
    try {
      outcome = await timedStep('await', () => driver.finalVerdict(sent, this.journal(batch.batchId), claim));
    } catch (error) {
      await this.dropClaim(batch);
      throw this.retry(batch.sessionId, classifyFailure(error), error, batch.batchId);
    }
    if (outcome.kind !== 'settled') {
      await this.dropClaim(batch);
      const detail = `the batch's processed transaction ended ${outcome.kind} before it was confirmed; resumed under the source lock`;
      throw this.retry(batch.sessionId, { kind: 'retryable', reason: 'settlement_pending', detail }, new Error(detail), batch.batchId);
    }
    try {
      await batches.markLanded(batch.batchId, outcome.signature, outcome.slot);
      await this.booking.settled(batch, outcome.signature, outcome.slot);
    } catch (error) {
      // The retry (or any flush) books the landed verdict at once, rather than after the claim lapses.
      await this.dropClaim(batch);
      throw error;
    }
    await this.followUp(batch.sessionId, `${batch.batchId}.closed`);
    this.wake([batch]);
  }

  private async dropClaim(batch: Batch): Promise<void> {
    await this.deps.batches
      .markAwaited(batch.batchId, 0)
      .catch((error: unknown) => this.deps.logger.warn({ err: error, batchId: batch.batchId }, 'dropping the await claim failed (it lapses)'));
  }

  private retry(sessionId: string, failure: ClassifiedFailure, cause: unknown, batchId?: string): QuietpayError {
    return flushRetry(this.deps.logger, sessionId, failure, cause, batchId);
  }

  private journal(batchId: string): TransferJournal {
    const { batches } = this.deps;
    return {
      markSending: (sent) => batches.markSending(batchId, sent),
      markRefused: () => batches.setInFlight(batchId, false),
      markInFlight: () => batches.setInFlight(batchId, true),
    };
  }

  /**
   * The ledger checks every member is reserved, of this session, and in no other batch, and signs
   * the sum; or it answers the batch's bound transaction, which is then adopted (bindTransfer).
   */
  private buildAndSign(batch: Batch, dead: SentAttempt | undefined, owned: () => Promise<void>): Promise<BuiltAttempt> {
    const transfer = { kind: 'batch', batchId: batch.batchId, sessionId: batch.sessionId, settlementIds: batch.members } as const;
    return bindTransfer(this.deps.peers, transfer, dead, owned, this.deps.logger);
  }

  /** Releases every member once none of the batch's transactions can still land (as per-call). */
  private async fail(batch: Batch, failure: ClassifiedFailure, held: HeldLock): Promise<void> {
    const { batches, driver, lock } = this.deps;
    const sent = (await batches.get(batch.batchId))?.sent;
    if (sent && failure.reason !== 'transaction_failed') {
      const outcome = await driver.finalVerdict(sent, this.journal(batch.batchId), () => lock.keepAlive(held));
      if (outcome.kind === 'settled') {
        await batches.markLanded(batch.batchId, outcome.signature, outcome.slot);
        return this.booking.settled(batch, outcome.signature, outcome.slot);
      }
    }
    await batches.markReleasing(batch.batchId, failure.reason, failure.detail);
    return this.booking.released({ ...batch, sent }, failure);
  }
}
