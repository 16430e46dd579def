import { Logger } from 'pino';
import { HeldLock } from '../lock/source.lock';
import type { BatchRecords } from '../ports/batch-records.port';
import { SettlementCollaborators } from '../ports/settlement-collaborators.port';
import { SourceLocks } from '../ports/source-locks.port';
import { TransferLanding } from '../ports/transfer-landing.port';
import { Batch } from '../settlement/batch.store';
import { SentAttempt } from '../settlement/settlement.store';
import { bindTransfer } from './authorized-transfer';
import { BatchBooking, flushRetry } from './batch-booking';
import { ClassifiedFailure, classifyFailure } from './failure.classifier';
import type { JobOwnership } from './job-ownership';
import { batchTransferJournal, readOpenBatch } from './open-batch';
import { SettlementDeadline } from './settlement-deadline';
import { BuiltAttempt, LandedTransfer } from './transfer-driver';

export interface BatchLandingDeps {
  readonly batches: BatchRecords;
  readonly lock: Pick<SourceLocks, 'keepAlive'>;
  readonly driver: TransferLanding;
  readonly peers: SettlementCollaborators;
  readonly deadline: SettlementDeadline;
  /** Pipeline depth (FlushBatchDeps.depth): above 1 a transfer is driven under the lock only until `processed`. */
  readonly depth: number;
  readonly awaitClaimMs: number;
  readonly now: () => number;
  readonly logger: Logger;
}

/** What became of one open batch under the lock: booked (to wake), or landed and claimed, to be confirmed after the release. */
export type BatchUnderLock = { readonly kind: 'booked' } | { readonly kind: 'awaiting'; readonly batch: Batch };

/**
 * One open batch of a flush, under the source lock (FlushBatchUseCase): a recorded verdict is
 * finished; otherwise ONE transfer of the batch's sum is landed (built, or resumed from the
 * recorded one, each recorded transaction checked on chain first) and every member committed with
 * its signature, or every member released on a terminal failure (or any failure past the batch's
 * deadline). Pipelined, the transfer is driven only until the node applied it (`processed`), and
 * the batch is claimed as awaited before the lock is released.
 */
export class BatchLanding {
  constructor(
    private readonly deps: BatchLandingDeps,
    private readonly booking: BatchBooking,
  ) {}

  /**
   * Booked when the batch had a verdict, was confirmed (depth 1, or it was confirmed already) or
   * failed for good; awaiting when it was processed and is now claimed as awaited by this flush.
   */
  async drive(batch: Batch, held: HeldLock, ownership: JobOwnership): Promise<BatchUnderLock> {
    if (batch.verdict?.kind === 'landed') {
      await this.booking.settled(batch, batch.verdict.signature, batch.verdict.slot);
      return { kind: 'booked' };
    }
    if (batch.verdict?.kind === 'releasing') {
      await this.booking.released(batch, batch.verdict);
      return { kind: 'booked' };
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
        batchTransferJournal(this.deps.batches, batch.batchId),
        () => this.deps.lock.keepAlive(held),
        this.deps.depth > 1 ? 'processed' : 'confirmed',
      );
    } catch (error) {
      const failure = classifyFailure(error);
      if (failure.kind !== 'terminal' && !this.deps.deadline.passed(batch.formedAtMs))
        throw flushRetry(this.deps.logger, batch.sessionId, failure, error, batch.batchId);
      await this.fail(batch, failure, held);
      return { kind: 'booked' };
    }
    if (landed.confirmed) {
      await this.deps.batches.markLanded(batch.batchId, landed.signature, landed.slot);
      await this.booking.settled(batch, landed.signature, landed.slot);
      return { kind: 'booked' };
    }
    // Claimed before the lock is released, so the next flush leaves this batch to us.
    await this.deps.batches.markAwaited(batch.batchId, this.deps.now() + this.deps.awaitClaimMs);
    return { kind: 'awaiting', batch: await readOpenBatch(this.deps.batches, batch.batchId) };
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
      const outcome = await driver.finalVerdict(sent, batchTransferJournal(batches, batch.batchId), () => lock.keepAlive(held));
      if (outcome.kind === 'settled') {
        await batches.markLanded(batch.batchId, outcome.signature, outcome.slot);
        return this.booking.settled(batch, outcome.signature, outcome.slot);
      }
    }
    await batches.markReleasing(batch.batchId, failure.reason, failure.detail);
    return this.booking.released({ ...batch, sent }, failure);
  }
}
