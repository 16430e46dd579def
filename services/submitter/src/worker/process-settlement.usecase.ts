import { SettlementStatus, SubmitSettlementRequest } from '@quietpay/contracts';
import { QuietpayError, setPaymentAttributes } from '@quietpay/platform';
import { Logger } from 'pino';
import { HeldLock, SourceLock } from '../lock/source.lock';
import { SettlementCollaborators } from '../ports/settlement-collaborators.port';
import { countJobOutcome } from '../metrics/settlement-step.metrics';
import { SentAttempt, SettlementStore } from '../settlement/settlement.store';
import { ChargeOutcomeRecorder } from './charge-outcome.recorder';
import { buildAndSignAuthorized } from './authorized-transfer';
import { ClassifiedFailure, classifyFailure } from './failure.classifier';
import { RouteResolver } from './route.resolver';
import { TransferDriver, TransferJournal } from './transfer-driver';

export type ProcessOutcome = 'done' | 'source_busy';

/**
 * One attempt at a settlement: authorize (the ledger signs what this charge may move) → build →
 * sign → send → confirm, under the source account's lock.
 * Success commits the charge and publishes `settled`; a terminal failure (or the last attempt
 * failing) releases the charge and publishes `failed`; anything else throws a retryable error
 * for BullMQ's backoff.
 */
export class ProcessSettlementUseCase {
  private readonly outcomes: ChargeOutcomeRecorder;

  constructor(
    private readonly store: SettlementStore,
    private readonly lock: SourceLock,
    private readonly driver: TransferDriver,
    private readonly peers: SettlementCollaborators,
    private readonly routes: RouteResolver,
    private readonly logger: Logger,
  ) {
    this.outcomes = new ChargeOutcomeRecorder(peers, store);
  }

  async execute(request: SubmitSettlementRequest, lastAttempt: boolean): Promise<ProcessOutcome> {
    const stored = await this.store.get(request.settlementId);
    const status = stored?.record.status;
    // A finished settlement is never worked again: this is what makes a re-enqueued id harmless.
    if (status === SettlementStatus.SETTLED || status === SettlementStatus.FAILED) return 'done';
    const route = await this.routes.resolve(request);
    const held = await this.lock.tryAcquire(route.source);
    if (!held) return 'source_busy';
    try {
      await this.store.countAttempt(request.settlementId);
      try {
        const settled = await this.settle(request, stored?.sent, held);
        await this.succeed(request, settled.signature, settled.slot);
      } catch (error) {
        const failure = classifyFailure(error);
        if (failure.kind !== 'terminal' && !lastAttempt) {
          this.logger.warn({ settlementId: request.settlementId, reason: failure.reason, detail: failure.detail }, 'settlement attempt failed, will retry');
          countJobOutcome('retry');
          throw new QuietpayError(failure.reason, failure.detail, { retryable: true, cause: error });
        }
        await this.fail(request, failure, held);
      }
      return 'done';
    } finally {
      await this.lock.release(held).catch((error: unknown) => this.logger.warn({ err: error }, 'source lock release failed (TTL will free it)'));
    }
  }

  private settle(request: SubmitSettlementRequest, previous: SentAttempt | undefined, held: HeldLock): Promise<{ signature: string; slot: number | undefined }> {
    return this.driver.land(request.settlementId, previous, () => this.buildAndSign(request), this.journal(request.settlementId), () => this.lock.keepAlive(held));
  }

  private journal(settlementId: string): TransferJournal {
    return {
      markSending: (sent) => this.store.markSending(settlementId, sent),
      markRefused: () => this.store.markRefused(settlementId),
      markInFlight: () => this.store.markInFlight(settlementId),
    };
  }

  private buildAndSign(request: SubmitSettlementRequest): Promise<SentAttempt> {
    return buildAndSignAuthorized(this.peers, () => this.peers.authorizeCharge(request.settlementId));
  }

  private async succeed(request: SubmitSettlementRequest, signature: string, slot: number | undefined): Promise<void> {
    await this.outcomes.settled(request, signature, slot);
    setPaymentAttributes({ settlementId: request.settlementId, sessionId: request.sessionId, signature });
    countJobOutcome('confirmed');
    this.logger.info({ settlementId: request.settlementId, signature }, 'settlement confirmed');
  }

  /**
   * Releases the reservation, but only once no transaction of this settlement can still land: a
   * sent one is driven to a verdict first, and if it did land the settlement succeeds instead.
   */
  private async fail(request: SubmitSettlementRequest, failure: ClassifiedFailure, held: HeldLock): Promise<void> {
    const sent = (await this.store.get(request.settlementId))?.sent;
    if (sent && failure.reason !== 'transaction_failed') {
      const outcome = await this.driver.finalVerdict(sent, this.journal(request.settlementId), () => this.lock.keepAlive(held));
      if (outcome.kind === 'settled') return this.succeed(request, outcome.signature, outcome.slot);
    }
    await this.outcomes.released(request, failure, sent?.signature ?? '');
    countJobOutcome('failed');
    this.logger.warn({ settlementId: request.settlementId, reason: failure.reason }, 'settlement failed, charge released');
  }
}
