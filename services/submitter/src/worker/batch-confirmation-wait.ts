import { Logger } from 'pino';
import { timedStep } from '../metrics/settlement-step.metrics';
import type { BatchRecords } from '../ports/batch-records.port';
import { TransferLanding } from '../ports/transfer-landing.port';
import { Batch } from '../settlement/batch.store';
import { submitterError } from '../submitter.errors';
import { BatchBooking, flushRetry } from './batch-booking';
import { classifyFailure } from './failure.classifier';
import type { JobOwnership } from './job-ownership';
import { batchTransferJournal } from './open-batch';
import { FinalVerdict } from './transfer-driver';

export interface BatchConfirmationWaitDeps {
  readonly batches: BatchRecords;
  readonly driver: Pick<TransferLanding, 'finalVerdict'>;
  readonly awaitClaimMs: number;
  readonly now: () => number;
  readonly logger: Logger;
}

/**
 * A pipelined flush's wait for a batch it landed under the lock (applied by the node, claimed as
 * awaited), outside the lock: its transaction to `confirmed`, then its members booked with that
 * signature. The same bytes only: re-broadcast while they can land, never rebuilt here (a rebuild
 * needs the lock). Any other verdict, or no verdict within the window, drops the claim and ends
 * the job retryable: the next flush resumes the batch under the lock, where the chain's verdict
 * decides (rebuild after expiry or a stale-handle revert, release on a terminal failure).
 */
export class BatchConfirmationWait {
  constructor(
    private readonly deps: BatchConfirmationWaitDeps,
    private readonly booking: BatchBooking,
  ) {}

  /** Resolves once the batch is confirmed and booked; the claim is refreshed while the job is still this worker's. */
  async confirmAndBook(batch: Batch, ownership: JobOwnership): Promise<void> {
    const { batches, driver } = this.deps;
    const sent = batch.sent;
    if (sent === undefined) throw submitterError('batch_not_found', 'a landed batch has no recorded transaction', { context: { batchId: batch.batchId } });
    const claim = async (): Promise<void> => {
      await ownership();
      await batches.markAwaited(batch.batchId, this.deps.now() + this.deps.awaitClaimMs);
    };
    let outcome: FinalVerdict;
    try {
      outcome = await timedStep('await', () => driver.finalVerdict(sent, batchTransferJournal(batches, batch.batchId), claim));
    } catch (error) {
      await this.dropClaim(batch);
      throw flushRetry(this.deps.logger, batch.sessionId, classifyFailure(error), error, batch.batchId);
    }
    if (outcome.kind !== 'settled') {
      await this.dropClaim(batch);
      const detail = `the batch's processed transaction ended ${outcome.kind} before it was confirmed; resumed under the source lock`;
      throw flushRetry(this.deps.logger, batch.sessionId, { kind: 'retryable', reason: 'settlement_pending', detail }, new Error(detail), batch.batchId);
    }
    try {
      await batches.markLanded(batch.batchId, outcome.signature, outcome.slot);
      await this.booking.settled(batch, outcome.signature, outcome.slot);
    } catch (error) {
      // The retry (or any flush) books the landed verdict at once, rather than after the claim lapses.
      await this.dropClaim(batch);
      throw error;
    }
  }

  private async dropClaim(batch: Batch): Promise<void> {
    await this.deps.batches
      .markAwaited(batch.batchId, 0)
      .catch((error: unknown) => this.deps.logger.warn({ err: error, batchId: batch.batchId }, 'dropping the await claim failed (it lapses)'));
  }
}
