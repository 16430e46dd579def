import { ReconcileReport } from '@quietpay/contracts';
import { Logger } from 'pino';
import { oldestOpenSettlementAge, reconcileExamined, reconcileRepaired } from '../metrics/reconcile.metrics';
import { SettlementQueue } from '../settlement/settlement.queue';
import { SettlementStore } from '../settlement/settlement.store';

/** How many open settlements one pass looks at (oldest first); the next pass takes the rest. */
const PASS_LIMIT = 500;

export interface ReconcileDeps {
  readonly store: Pick<SettlementStore, 'openBefore' | 'get' | 'forgetOpen' | 'oldestOpenMs'>;
  readonly queue: Pick<SettlementQueue, 'ensureJob' | 'ensureFlush' | 'hasLiveJob'>;
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

  async runOnce(olderThanMs: number): Promise<ReconcileReport> {
    const { store, queue, logger } = this.deps;
    const now = (this.deps.now ?? Date.now)();
    const open = await store.openBefore(now - olderThanMs, PASS_LIMIT);
    const repaired: string[] = [];
    const flushed = new Set<string>();
    for (const { settlementId, createdAtMs } of open) {
      reconcileExamined.inc();
      const stored = await store.get(settlementId);
      if (!stored) {
        // The record expired (retention) while indexed: nothing left to drive.
        await store.forgetOpen(settlementId);
        continue;
      }
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
      logger.warn({ settlementId, sessionId: record.sessionId, status: record.status, ageSeconds }, 'reconciler: re-enqueued an open settlement without a live job');
    }
    reconcileRepaired.inc(repaired.length);
    const oldest = await store.oldestOpenMs();
    const oldestAge = oldest === undefined ? 0 : Math.max(0, Math.round((now - oldest) / 1000));
    oldestOpenSettlementAge.set(oldestAge);
    return { examined: open.length, repaired: repaired.length, oldestOpenAgeSeconds: oldestAge, repairedSettlementIds: repaired };
  }
}
