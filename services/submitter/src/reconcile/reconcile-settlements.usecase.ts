import { ReconcileReport, SettlementStatus } from '@quietpay/contracts';
import { Logger } from 'pino';
import { oldestOpenSettlementAge, reconcileExamined, reconcilePruned, reconcileRepaired } from '../metrics/reconcile.metrics';
import { OpenReservations } from '../ports/open-reservations.port';
import { SettlementQueue } from '../settlement/settlement.queue';
import { SettlementStore } from '../settlement/settlement.store';

/** How many open settlements one pass looks at (oldest first); the next pass takes the rest. */
const PASS_LIMIT = 500;

export interface ReconcileDeps {
  readonly store: Pick<SettlementStore, 'openBefore' | 'get' | 'forgetOpen' | 'oldestOpenMs'>;
  readonly queue: Pick<SettlementQueue, 'ensureJob' | 'ensureFlush' | 'hasLiveJob'>;
  /** The ledger's open reservations; without it only the submitter's own records are reconciled. */
  readonly reservations?: OpenReservations;
  readonly unsubmittedAfterMs?: number;
  readonly batched: boolean;
  readonly logger: Logger;
  readonly now?: () => number;
}

/**
 * One reconciler pass: every settlement still open `olderThanMs` after its submit and without a
 * live job gets one again (created, or the ended one revived). The reconciler decides nothing
 * itself: the job is the one place that drives a settlement from the chain's truth (a landed
 * signature is committed, bytes whose blockhash expired unlanded are rebuilt or, past the
 * deadline, released; never both), so running passes concurrently on several replicas is safe.
 */
export class ReconcileSettlements {
  constructor(private readonly deps: ReconcileDeps) {}

  /** `unsubmittedAfterMs`: the bound for reservations no submitter saw (default: the configured one). */
  async runOnce(olderThanMs: number, unsubmittedAfterMs = this.deps.unsubmittedAfterMs ?? 120_000): Promise<ReconcileReport> {
    const { store, queue, logger } = this.deps;
    const now = (this.deps.now ?? Date.now)();
    // Every indexed id, however young: finished ones are pruned at any age (so the index converges
    // to the open records), open ones are repaired only once they are older than the bound.
    const indexed = await store.openBefore(now, PASS_LIMIT);
    const repaired: string[] = [];
    const flushed = new Set<string>();
    let examined = 0;
    for (const { settlementId, createdAtMs } of indexed) {
      const due = createdAtMs <= now - olderThanMs;
      const stored = await store.get(settlementId);
      // A missing record is dropped only past the bound: a young id may be a submit that indexed
      // it and is about to create the record (the index is written first).
      if (stored ? isFinished(stored.record.status) : due) {
        // Finished without being unindexed (a crash between the two writes, or a duplicate submit
        // of a finished settlement indexing it again), expired (retention) while indexed, or never
        // created (a submit that died between indexing and creating): nothing left to drive.
        await store.forgetOpen(settlementId);
        reconcilePruned.inc();
        continue;
      }
      if (!stored || !due) continue;
      examined += 1;
      reconcileExamined.inc();
      const { record } = stored;
      const ageSeconds = Math.round((now - createdAtMs) / 1000);
      if (this.deps.batched) {
        // Batch members settle through their session's flush; one extra flush per session is
        // harmless (it resumes the open batch or forms the next one under the source lock).
        if (flushed.has(record.sessionId)) continue;
        flushed.add(record.sessionId);
        await queue.ensureFlush(record.sessionId, 0, `reconcile-${now}`);
        repaired.push(settlementId);
        logger.warn({ settlementId, sessionId: record.sessionId, ageSeconds }, 'reconciler: flush scheduled for an open batched settlement');
        continue;
      }
      if (await queue.hasLiveJob(settlementId)) continue;
      const revived = await queue.ensureJob({
        settlementId,
        idempotencyKey: record.idempotencyKey,
        sessionId: record.sessionId,
        amount: record.amount,
        waitForConfirmation: false,
      });
      if (!revived) continue;
      repaired.push(settlementId);
      logger.warn(
        { settlementId, sessionId: record.sessionId, status: record.status, ageSeconds },
        'reconciler: re-enqueued an open settlement without a live job',
      );
    }
    repaired.push(...(await this.releaseUnsubmitted(unsubmittedAfterMs)));
    reconcileRepaired.inc(repaired.length);
    const oldest = await store.oldestOpenMs();
    const oldestAge = oldest === undefined ? 0 : Math.max(0, Math.round((now - oldest) / 1000));
    oldestOpenSettlementAge.set(oldestAge);
    return { examined, repaired: repaired.length, oldestOpenAgeSeconds: oldestAge, repairedSettlementIds: repaired };
  }

  /**
   * Reservations the ledger holds that no submitter ever recorded: the gateway reserved and died
   * before its submit arrived, so the call was never answered success and nothing was sent for it.
   * Released (reason `never_submitted`) unless a transfer claimed it meanwhile, which the ledger
   * checks in the same step; a submit that arrives later finds the charge released and refuses.
   */
  private async releaseUnsubmitted(olderThanMs: number): Promise<string[]> {
    const { reservations, store, logger } = this.deps;
    if (!reservations) return [];
    const open = await reservations.listOlderThan(olderThanMs, PASS_LIMIT);
    const released: string[] = [];
    for (const { settlementId, sessionId, reservedAtMs } of open) {
      reconcileExamined.inc();
      if (await store.get(settlementId)) continue;
      const outcome = await reservations.releaseUnsubmitted(settlementId, 'never_submitted');
      if (outcome !== 'released') continue;
      released.push(settlementId);
      logger.warn({ settlementId, sessionId, reservedAtMs }, 'reconciler: released a reservation no submitter ever saw');
    }
    return released;
  }
}

function isFinished(status: SettlementStatus): boolean {
  return status === SettlementStatus.SETTLED || status === SettlementStatus.FAILED;
}
