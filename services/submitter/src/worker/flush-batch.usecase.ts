import { randomUUID } from 'node:crypto';
import { SettlementStatus } from '@quietpay/contracts';
import { QuietpayError } from '@quietpay/platform';
import { Logger } from 'pino';
import { HeldLock, SourceLock } from '../lock/source.lock';
import { countJobOutcome } from '../metrics/settlement-step.metrics';
import { SettlementCollaborators } from '../ports/settlement-collaborators.port';
import { Batch, BatchStore } from '../settlement/batch.store';
import { SettlementQueue } from '../settlement/settlement.queue';
import { SentAttempt, SettlementStore } from '../settlement/settlement.store';
import { ChargeOutcomeRecorder, ChargeRef } from './charge-outcome.recorder';
import { buildAndSignAuthorized } from './authorized-transfer';
import { ClassifiedFailure, classifyFailure } from './failure.classifier';
import { ProcessOutcome } from './process-settlement.usecase';
import { RouteResolver } from './route.resolver';
import { TransferDriver, TransferJournal } from './transfer-driver';

/**
 * One flush of a session's batch (batched mode): under the source lock, resume the session's open
 * batch or form one from its pending charges (atomically, before building), land ONE transfer of
 * the sum, then commit every member with that signature, or release every member on a terminal
 * failure. A retry or another replica resumes the same batch: its recorded transaction is checked
 * on chain first, so the same charges are never paid by a second transfer.
 */
export class FlushBatchUseCase {
  private readonly outcomes: ChargeOutcomeRecorder;

  constructor(
    private readonly batches: BatchStore,
    private readonly settlements: SettlementStore,
    private readonly queue: SettlementQueue,
    private readonly lock: SourceLock,
    private readonly driver: TransferDriver,
    private readonly peers: SettlementCollaborators,
    private readonly routes: RouteResolver,
    private readonly maxSize: number,
    private readonly logger: Logger,
  ) {
    this.outcomes = new ChargeOutcomeRecorder(peers, settlements);
  }

  async execute(sessionId: string, lastAttempt: boolean): Promise<ProcessOutcome> {
    const route = await this.routes.resolve({ sessionId });
    const held = await this.lock.tryAcquire(route.source);
    if (!held) return 'source_busy';
    try {
      const batchId = await this.batches.formOrResume(sessionId, randomUUID(), this.maxSize);
      if (batchId === undefined) return 'done';
      const batch = await this.batches.get(batchId);
      if (!batch) throw new QuietpayError('batch_not_found', 'open batch record vanished', { retryable: true, context: { batchId } });
      try {
        const settled = await this.driver.land(batchId, batch.sent, () => this.buildAndSign(batch), this.journal(batchId), () => this.lock.keepAlive(held));
        await this.succeed(batch, settled.signature, settled.slot);
      } catch (error) {
        const failure = classifyFailure(error);
        if (failure.kind !== 'terminal' && !lastAttempt) {
          this.logger.warn({ batchId, sessionId, reason: failure.reason, detail: failure.detail }, 'batch flush failed, will retry');
          countJobOutcome('retry');
          throw new QuietpayError(failure.reason, failure.detail, { retryable: true, cause: error });
        }
        await this.fail(batch, failure, held);
      }
      // More charges than one batch takes, or charges that arrived during this flush: flush again.
      if ((await this.batches.pendingCount(sessionId)) > 0) await this.queue.ensureFlush(sessionId, 0, batchId);
      return 'done';
    } finally {
      await this.lock.release(held).catch((error: unknown) => this.logger.warn({ err: error }, 'source lock release failed (TTL will free it)'));
    }
  }

  private journal(batchId: string): TransferJournal {
    return {
      markSending: (sent) => this.batches.markSending(batchId, sent),
      markRefused: () => this.batches.setInFlight(batchId, false),
      markInFlight: () => this.batches.setInFlight(batchId, true),
    };
  }

  /** The ledger checks every member is reserved, of this session, and in no other batch, and signs the sum. */
  private buildAndSign(batch: Batch): Promise<SentAttempt> {
    return buildAndSignAuthorized(this.peers, () => this.peers.authorizeBatch(batch.batchId, batch.sessionId, batch.members));
  }

  /** Every member, with the one signature; each step is idempotent, so a resumed flush may repeat it. */
  private async succeed(batch: Batch, signature: string, slot: number | undefined): Promise<void> {
    for (const settlementId of batch.members) {
      await this.outcomes.settled(await this.member(batch, settlementId), signature, slot);
    }
    await this.batches.close(batch, SettlementStatus.SETTLED, signature, '');
    countJobOutcome('confirmed');
    this.logger.info({ batchId: batch.batchId, sessionId: batch.sessionId, signature, charges: batch.members.length, amount: batch.amount }, 'batch settled');
  }

  /** Releases every member once none of the batch's transactions can still land (as per-call). */
  private async fail(batch: Batch, failure: ClassifiedFailure, held: HeldLock): Promise<void> {
    const sent = (await this.batches.get(batch.batchId))?.sent;
    if (sent && failure.reason !== 'transaction_failed') {
      const outcome = await this.driver.finalVerdict(sent, this.journal(batch.batchId), () => this.lock.keepAlive(held));
      if (outcome.kind === 'settled') return this.succeed(batch, outcome.signature, outcome.slot);
    }
    for (const settlementId of batch.members) {
      await this.outcomes.released(await this.member(batch, settlementId), failure, sent?.signature ?? '');
    }
    await this.batches.close(batch, SettlementStatus.FAILED, sent?.signature ?? '', failure.reason);
    countJobOutcome('failed');
    this.logger.warn({ batchId: batch.batchId, sessionId: batch.sessionId, reason: failure.reason, charges: batch.members.length }, 'batch failed, charges released');
  }

  private async member(batch: Batch, settlementId: string): Promise<ChargeRef> {
    const record = (await this.settlements.get(settlementId))?.record;
    return { settlementId, sessionId: batch.sessionId, amount: record?.amount ?? '0' };
  }
}
