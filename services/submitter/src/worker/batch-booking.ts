import { SettlementStatus } from '@quietpay/contracts';
import { QuietpayError } from '@quietpay/platform';
import { Logger } from 'pino';
import { countServedUnpaid } from '../metrics/served-unpaid.metrics';
import { countJobOutcome, timedStep } from '../metrics/settlement-step.metrics';
import type { BatchRecords } from '../ports/batch-records.port';
import { SettlementCollaborators } from '../ports/settlement-collaborators.port';
import { SettlementRecords } from '../ports/settlement-records.port';
import { Batch } from '../settlement/batch.store';
import { ChargeOutcomeRecorder, ChargeRef } from './charge-outcome.recorder';
import { ClassifiedFailure } from './failure.classifier';

/** How many members of a landed batch are committed concurrently (a batch holds up to BATCH_MAX_SIZE). */
const MEMBERS_BOOKED_AT_ONCE = 16;

export interface BatchBookingDeps {
  readonly batches: Pick<BatchRecords, 'close'>;
  readonly settlements: SettlementRecords;
  readonly peers: SettlementCollaborators;
  /** Batched mode: the members were served before settling, so a release suspends the session. */
  readonly servedBeforeSettling: boolean;
  readonly logger: Logger;
}

/**
 * A flush job's retry signal: retryable whatever the reason's class (the reason is what is
 * recorded), logged and counted once.
 */
export function flushRetry(logger: Logger, sessionId: string, failure: ClassifiedFailure, cause: unknown, batchId?: string): QuietpayError {
  logger.warn({ batchId, sessionId, reason: failure.reason, detail: failure.detail }, 'batch flush failed, will retry');
  countJobOutcome('retry');
  return new QuietpayError(failure.reason, failure.detail, { retryable: true, cause });
}

/**
 * Books a batch's verdict on every member and closes it (FlushBatchUseCase): settled with the one
 * signature, or released. Each step is idempotent, so a resumed flush may repeat it; a failure ends
 * the job retryable (commit_pending, release_pending) with the batch still open.
 */
export class BatchBooking {
  private readonly outcomes: ChargeOutcomeRecorder;

  constructor(private readonly deps: BatchBookingDeps) {
    this.outcomes = new ChargeOutcomeRecorder(deps.peers, deps.settlements);
  }

  /**
   * The first member alone (its commit also counts the transaction's cost, once per signature),
   * then the rest MEMBERS_BOOKED_AT_ONCE at a time: booked one by one, member k's caller
   * (coalesced per-call) waited for k commits, and the source stayed locked meanwhile.
   */
  async settled(batch: Batch, signature: string, slot: number | undefined): Promise<void> {
    const book = async (settlementId: string): Promise<void> => this.outcomes.settled(await this.member(batch, settlementId), signature, slot);
    try {
      await timedStep('book', async () => {
        const [first, ...rest] = batch.members;
        if (first !== undefined) await book(first);
        for (let at = 0; at < rest.length; at += MEMBERS_BOOKED_AT_ONCE) await Promise.all(rest.slice(at, at + MEMBERS_BOOKED_AT_ONCE).map(book));
        await this.deps.batches.close(batch, SettlementStatus.SETTLED, signature, '');
      });
    } catch (error) {
      throw this.retry(batch, 'commit_pending', error);
    }
    countJobOutcome('confirmed');
    this.deps.logger.info(
      { batchId: batch.batchId, sessionId: batch.sessionId, signature, charges: batch.members.length, amount: batch.amount },
      'batch settled',
    );
  }

  /** Releases every member (once none of the batch's transactions can still land). */
  async released(batch: Batch, failure: Pick<ClassifiedFailure, 'reason' | 'detail'>): Promise<void> {
    const { logger, servedBeforeSettling } = this.deps;
    const signature = batch.sent?.signature ?? '';
    try {
      // Batched: every member was answered success and served, so the release suspends the session.
      for (const settlementId of batch.members) {
        await this.outcomes.released(await this.member(batch, settlementId), failure, signature, { ledger: true, served: servedBeforeSettling });
      }
      await this.deps.batches.close(batch, SettlementStatus.FAILED, signature, failure.reason);
    } catch (error) {
      throw this.retry(batch, 'release_pending', error);
    }
    countJobOutcome('failed');
    if (!servedBeforeSettling) {
      logger.warn(
        { batchId: batch.batchId, sessionId: batch.sessionId, reason: failure.reason, charges: batch.members.length },
        'coalesced transfer failed, charges released',
      );
      return;
    }
    countServedUnpaid(failure.reason, batch.members.length);
    logger.error(
      { batchId: batch.batchId, sessionId: batch.sessionId, reason: failure.reason, charges: batch.members.length, amount: batch.amount },
      'batch failed: its charges were served and are not paid; the session is suspended',
    );
  }

  private retry(batch: Batch, reason: 'commit_pending' | 'release_pending', error: unknown): QuietpayError {
    const detail = error instanceof Error ? error.message : String(error);
    return flushRetry(this.deps.logger, batch.sessionId, { kind: 'retryable', reason, detail }, error, batch.batchId);
  }

  private async member(batch: Batch, settlementId: string): Promise<ChargeRef> {
    const record = (await this.deps.settlements.get(settlementId))?.record;
    return { settlementId, sessionId: batch.sessionId, amount: record?.amount ?? '0' };
  }
}
