import { randomUUID } from 'node:crypto';
import { SettlementStatus } from '@quietpay/contracts';
import { metricsRegistry } from '@quietpay/platform';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { SettlementStore } from '../settlement/settlement.store';
import { ReconcileSettlements } from './reconcile-settlements.usecase';

// Real Redis, a prefix per test: the submitter's index of open settlements is a superset (written
// before a record is created, dropped after it finished), so it can keep finished ids: a crash
// between a record's finish and its unindexing, or a duplicate submit of a finished settlement
// (which indexes the id again). A chaos run ended with two such ids while every charge had
// settled. The reconciler prunes them, at any age, so the index converges to the open records.
const redis = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
afterAll(() => redis.disconnect());

const RECONCILE_AFTER_MS = 60_000;

async function fixture() {
  const prefix = `test:${randomUUID()}:submitter`;
  const store = new SettlementStore(redis, prefix, 3600);
  const enqueued: string[] = [];
  const reconcile = new ReconcileSettlements({
    store,
    queue: {
      hasLiveJob: async () => false,
      ensureJob: async (request) => {
        enqueued.push(request.settlementId);
        return true;
      },
      ensureFlush: async () => undefined,
    },
    batched: false,
    logger: pino({ level: 'silent' }),
  });
  const create = async (settlementId: string): Promise<void> => {
    await store.create({
      settlementId,
      sessionId: 's',
      idempotencyKey: `k-${settlementId}`,
      amount: '10',
      status: SettlementStatus.QUEUED,
      signature: '',
      failureReason: '',
    });
  };
  const indexed = async (): Promise<string[]> => (await redis.zrange(`${prefix}:settlements:open`, '0', '-1')).sort();
  return { store, reconcile, enqueued, create, indexed, prefix };
}

async function prunedSoFar(): Promise<number> {
  const metric = (await metricsRegistry.getMetricsAsJSON()).find((m) => m.name === 'quietpay_reconciler_pruned_total');
  return Number(metric?.values[0]?.value ?? 0);
}

describe('the reconciler and the open-settlement index (real Redis)', () => {
  it('prunes finished ids however young, keeps open ones, and counts what it pruned', async () => {
    const { store, reconcile, enqueued, create, indexed, prefix } = await fixture();
    for (const id of ['open', 'settled', 'failed', 'resubmitted']) await create(id);
    await store.markSettled('settled', 'sig');
    await store.markFailed('failed', 'transaction_failed');
    // A duplicate submit of a finished settlement indexes its id again (create is a no-op).
    await store.markSettled('resubmitted', 'sig-2');
    await create('resubmitted');
    expect(await indexed()).toEqual(['open', 'resubmitted']);
    // A crash between a finish's two writes: the record is finished, its id still indexed.
    await redis.zadd(`${prefix}:settlements:open`, Date.now(), 'failed');
    const before = await prunedSoFar();

    const report = await reconcile.runOnce(RECONCILE_AFTER_MS);

    expect(await indexed()).toEqual(['open']);
    expect((await prunedSoFar()) - before).toBe(2);
    // Young open records are left to their jobs: nothing re-enqueued, nothing repaired.
    expect(enqueued).toEqual([]);
    expect(report.repaired).toBe(0);
  });

  it('drops a missing record only past the bound: a young id may be a submit about to create it', async () => {
    const { reconcile, indexed, prefix } = await fixture();
    await redis.zadd(`${prefix}:settlements:open`, Date.now(), 'creating');
    await redis.zadd(`${prefix}:settlements:open`, Date.now() - 2 * RECONCILE_AFTER_MS, 'expired');
    await reconcile.runOnce(RECONCILE_AFTER_MS);
    expect(await indexed()).toEqual(['creating']);
  });
});
