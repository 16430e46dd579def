import { SettlementRoute, SettlementStatus, SubmitSettlementRequest } from '@quietpay/contracts';
import { QuietpayError, setPaymentAttributes } from '@quietpay/platform';
import { Logger } from 'pino';
import { HeldLock } from '../lock/source.lock';
import { countJobOutcome } from '../metrics/settlement-step.metrics';
import { SettlementCollaborators } from '../ports/settlement-collaborators.port';
import { SettlementRecords } from '../ports/settlement-records.port';
import { SettlementRoutes } from '../ports/settlement-routes.port';
import { SourceLocks } from '../ports/source-locks.port';
import { TransferLanding } from '../ports/transfer-landing.port';
import { SentAttempt } from '../settlement/settlement.store';
import { bindTransfer } from './authorized-transfer';
import type { JobOwnership } from './job-ownership';
import { ChargeOutcomeRecorder } from './charge-outcome.recorder';
import { ClassifiedFailure, classifyFailure } from './failure.classifier';
import { SettlementDeadline } from './settlement-deadline';
import { BuiltAttempt, TransferJournal } from './transfer-driver';

/**
 * `source_busy`: the job waits and tries again. `covered`: a flush of the same session holds the
 * source and checks the session's pending list after releasing it, so this job has nothing to add.
 */
export type ProcessOutcome = 'done' | 'source_busy' | 'covered';

export interface ProcessSettlementDeps {
  readonly store: SettlementRecords;
  readonly lock: SourceLocks;
  readonly driver: TransferLanding;
  readonly peers: SettlementCollaborators;
  readonly routes: SettlementRoutes;
  readonly deadline: SettlementDeadline;
  readonly logger: Logger;
}

/**
 * One attempt at a settlement: build → sign → send → confirm, under the source account's lock.
 *
 * The decisions, in order of precedence:
 * - finished (settled or failed): nothing to do, so a re-enqueued id is harmless;
 * - a recorded verdict (landed, or releasing): finish its bookkeeping, nothing else;
 * - a landed transfer is committed, however long the ledger takes: bookkeeping failures are
 *   retried, never turned into a failure (the money moved);
 * - a terminal failure, or any failure once the settlement's deadline passed, releases the charge,
 *   but only after the chain says nothing sent for it can still land;
 * - anything else (an unavailable ledger, NATS, Redis or RPC) throws retryable for BullMQ's backoff;
 * - only the transaction the ledger bound as the charge's one is ever sent (bindTransfer).
 */
export class ProcessSettlementUseCase {
  private readonly outcomes: ChargeOutcomeRecorder;

  constructor(private readonly deps: ProcessSettlementDeps) {
    this.outcomes = new ChargeOutcomeRecorder(deps.peers, deps.store);
  }

  async execute(request: SubmitSettlementRequest, ownership: JobOwnership = async () => undefined): Promise<ProcessOutcome> {
    const { store, lock, logger } = this.deps;
    const stored = await store.get(request.settlementId);
    const status = stored?.record.status;
    if (status === SettlementStatus.SETTLED || status === SettlementStatus.FAILED) return 'done';
    if (stored?.verdict?.kind === 'landed') return this.bookSettled(request, stored.verdict.signature, stored.verdict.slot);
    if (stored?.verdict?.kind === 'releasing') return this.bookReleased(request, stored.verdict, stored.sent?.signature ?? '');
    const expired = this.deps.deadline.passed(stored?.createdAtMs);

    let route: SettlementRoute;
    try {
      route = await this.deps.routes.resolve(request);
    } catch (error) {
      // No route, no lock: release only what provably sent nothing (a session the ledger no longer knows).
      const failure = classifyFailure(error);
      if (failure.kind === 'terminal' && stored?.sent === undefined) return this.release(request, failure, '');
      throw this.retry(request, failure, error);
    }
    // Per source only: per-call transfers to one merchant race on its handle in parallel (a loser
    // reverts whole and is rebuilt, never failed), which keeps a busy merchant's per-call
    // throughput above one confirmation at a time. Batch flushes lock the destination too.
    const held = await lock.tryAcquire(route.source);
    if (!held) return 'source_busy';
    try {
      await store.countAttempt(request.settlementId);
      let landed: { signature: string; slot: number | undefined };
      try {
        landed = await this.deps.driver.land(
          request.settlementId,
          stored?.sent,
          (dead) => this.buildAndSign(request, dead, held, ownership),
          this.journal(request.settlementId),
          () => lock.keepAlive(held),
        );
      } catch (error) {
        const failure = classifyFailure(error);
        if (failure.kind !== 'terminal' && !expired) throw this.retry(request, failure, error);
        return await this.fail(request, failure, held);
      }
      await store.markLanded(request.settlementId, landed.signature, landed.slot);
      return await this.bookSettled(request, landed.signature, landed.slot);
    } finally {
      await lock.release(held).catch((error: unknown) => logger.warn({ err: error }, 'source lock release failed (TTL will free it)'));
    }
  }

  private retry(request: SubmitSettlementRequest, failure: ClassifiedFailure, cause: unknown): QuietpayError {
    this.deps.logger.warn({ settlementId: request.settlementId, reason: failure.reason, detail: failure.detail }, 'settlement attempt failed, will retry');
    countJobOutcome('retry');
    // The job's retry signal: retryable whatever the reason's class (the reason is what is recorded).
    return new QuietpayError(failure.reason, failure.detail, { retryable: true, cause });
  }

  private journal(settlementId: string): TransferJournal {
    const { store } = this.deps;
    return {
      markSending: (sent) => store.markSending(settlementId, sent),
      markRefused: () => store.markRefused(settlementId),
      markInFlight: () => store.markInFlight(settlementId),
    };
  }

  /**
   * The charge's one transaction (bindTransfer): a worker that stalled past its locks and lost the
   * job to another never sends a second transfer of the charge; it is refused at the ledger's bind,
   * or handed the transaction the other bound, which it drives instead of its own.
   */
  private buildAndSign(request: SubmitSettlementRequest, dead: SentAttempt | undefined, held: HeldLock, ownership: JobOwnership): Promise<BuiltAttempt> {
    const owned = async (): Promise<void> => {
      await this.deps.lock.keepAlive(held);
      await ownership();
    };
    const transfer = { kind: 'charge', settlementId: request.settlementId, sessionId: request.sessionId } as const;
    return bindTransfer(this.deps.peers, transfer, dead, owned, this.deps.logger);
  }

  /**
   * Commits a landed transfer. Any failure is retried (the reconciler picks it up if the job dies):
   * the transfer moved money, so this settlement can only end `settled`.
   */
  private async bookSettled(request: SubmitSettlementRequest, signature: string, slot: number | undefined): Promise<ProcessOutcome> {
    try {
      await this.outcomes.settled(request, signature, slot);
    } catch (error) {
      if (ledgerRefused(error)) {
        // The ledger no longer holds this charge as reserved (released or gone) although the chain
        // says it was paid: record the chain's truth and say so loudly, retrying cannot change it.
        this.deps.logger.error(
          { settlementId: request.settlementId, signature, code: error.code },
          'transfer landed but the ledger refuses to commit its charge',
        );
        await this.outcomes.settled(request, signature, slot, { ledger: false });
        countJobOutcome('confirmed');
        return 'done';
      }
      throw this.retry(request, { kind: 'retryable', reason: 'commit_pending', detail: error instanceof Error ? error.message : String(error) }, error);
    }
    setPaymentAttributes({ settlementId: request.settlementId, sessionId: request.sessionId, signature });
    countJobOutcome('confirmed');
    this.deps.logger.info({ settlementId: request.settlementId, signature }, 'settlement confirmed');
    return 'done';
  }

  /**
   * Releases the reservation, but only once no transaction of this settlement can still land: a
   * sent one is driven to a verdict first, and if it did land the settlement succeeds instead.
   */
  private async fail(request: SubmitSettlementRequest, failure: ClassifiedFailure, held: HeldLock): Promise<ProcessOutcome> {
    const { store, driver, lock } = this.deps;
    const sent = (await store.get(request.settlementId))?.sent;
    if (sent && failure.reason !== 'transaction_failed') {
      const outcome = await driver.finalVerdict(sent, this.journal(request.settlementId), () => lock.keepAlive(held));
      if (outcome.kind === 'settled') {
        await store.markLanded(request.settlementId, outcome.signature, outcome.slot);
        return this.bookSettled(request, outcome.signature, outcome.slot);
      }
    }
    return this.release(request, failure, sent?.signature ?? '');
  }

  private async release(request: SubmitSettlementRequest, failure: ClassifiedFailure, signature: string): Promise<ProcessOutcome> {
    await this.deps.store.markReleasing(request.settlementId, failure.reason, failure.detail);
    return this.bookReleased(request, failure, signature);
  }

  /** Tells the ledger and the stream about a release already decided; retried until they answer. */
  private async bookReleased(
    request: SubmitSettlementRequest,
    failure: Pick<ClassifiedFailure, 'reason' | 'detail'>,
    signature: string,
  ): Promise<ProcessOutcome> {
    try {
      await this.outcomes.released(request, failure, signature);
    } catch (error) {
      if (!ledgerRefused(error))
        throw this.retry(request, { kind: 'retryable', reason: 'release_pending', detail: error instanceof Error ? error.message : String(error) }, error);
      // Not reserved any more (released by the gateway already, or gone): nothing left to free.
      this.deps.logger.warn({ settlementId: request.settlementId, code: error.code }, 'ledger holds no reserved charge to release');
      await this.outcomes.released(request, failure, signature, { ledger: false });
    }
    countJobOutcome('failed');
    this.deps.logger.warn({ settlementId: request.settlementId, reason: failure.reason }, 'settlement failed, charge released');
    return 'done';
  }
}

/** The ledger's final word that the charge is not reserved (a transition it will never make). */
function ledgerRefused(error: unknown): error is QuietpayError {
  return error instanceof QuietpayError && !error.retryable && (error.code === 'charge_not_found' || error.code === 'invalid_transaction_state');
}
