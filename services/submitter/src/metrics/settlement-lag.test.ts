import { randomUUID } from 'node:crypto';
import { SettlementStatus } from '@quietpay/contracts';
import { metricsRegistry } from '@quietpay/platform';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { SettlementStore } from '../settlement/settlement.store';
import { oldestOpenSettlementAge } from './reconcile.metrics';
import { oldestPendingSeconds, SettlementLagMetric } from './settlement-lag.metrics';

// Real Redis, a prefix of its own: the settlement-lag gauge the submitter's HPA scales on is read
// at scrape time from the shared open-settlement index, so it follows what Redis holds (a per-call
// submit, a batched charge waiting in its session's pending list, their finish), on any replica.
const redis = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
const prefix = `test:${randomUUID()}:submitter`;

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

async function scraped(name = 'quietpay_settlement_oldest_pending_seconds'): Promise<number> {
  const metric = (await metricsRegistry.getMetricsAsJSON()).find((m) => m.name === name);
  expect(metric, 'the gauge is registered').toBeDefined();
  return Number(metric!.values[0]?.value);
}

const record = (settlementId: string) => ({
  settlementId,
  sessionId: 's1',
  idempotencyKey: `k-${settlementId}`,
  amount: '10',
  status: SettlementStatus.QUEUED,
  signature: '',
  failureReason: '',
});

describe('quietpay_settlement_oldest_pending_seconds (real Redis)', () => {
  it('reads 0 with nothing open, the oldest open settlement age while one is, and 0 again once all finished', async () => {
    const store = new SettlementStore(redis, prefix, 3600);
    new SettlementLagMetric(store);
    expect(await scraped()).toBe(0);

    await store.create(record('per-call'));
    const submittedAt = Date.now();
    // A batched charge: its record and its session's pending-list entry are written together.
    await store.create(record('batched'), `${prefix}:batch:{s1}:pending`);
    const first = await scraped();
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(5);
    // The age is the oldest one's, measured from its submit.
    expect(await oldestPendingSeconds(store, submittedAt + 90_000)).toBeGreaterThanOrEqual(90);
    expect(await oldestPendingSeconds(store, submittedAt + 90_000)).toBeLessThan(95);

    await store.markSettled('per-call', 'sig');
    expect(await oldestPendingSeconds(store, submittedAt + 90_000)).toBeGreaterThan(85);
    await store.markFailed('batched', 'never_submitted');
    expect(await scraped()).toBe(0);
    expect(await oldestPendingSeconds(store, submittedAt + 90_000)).toBe(0);
  });

  it("scrapes the reconciler's oldest-open-reservation gauge from Redis too, not from this replica's last pass", async () => {
    const store = new SettlementStore(redis, `${prefix}:b`, 3600);
    new SettlementLagMetric(store);
    // A pass this replica ran long ago, while a reservation was open; the lease then moved on.
    oldestOpenSettlementAge.set(5_000);
    expect(await scraped('quietpay_reconciler_oldest_open_reservation_age_seconds')).toBe(0);
    await store.create(record('open'));
    expect(await scraped('quietpay_reconciler_oldest_open_reservation_age_seconds')).toBeLessThan(5);
    await store.markSettled('open', 'sig');
    expect(await scraped('quietpay_reconciler_oldest_open_reservation_age_seconds')).toBe(0);
  });

  it('reads the open-settlement index once per scrape for both gauges, and afresh at the next scrape', async () => {
    const store = new SettlementStore(redis, `${prefix}:d`, 3600);
    let reads = 0;
    const read = store.oldestOpenMs.bind(store);
    store.oldestOpenMs = () => {
      reads += 1;
      return read();
    };
    new SettlementLagMetric(store);
    await store.create(record('open'));
    oldestOpenSettlementAge.set(5_000);
    const text = await metricsRegistry.metrics();
    expect(reads).toBe(1);
    // Both gauges from that one read: the open settlement's age, not the stale 5,000.
    expect(text).toMatch(/^quietpay_reconciler_oldest_open_reservation_age_seconds [0-4]$/m);
    expect(Number(/^quietpay_settlement_oldest_pending_seconds (\S+)$/m.exec(text)?.[1])).toBeLessThan(5);
    // No value outlives its scrape: the next one sees the settlement finished.
    await store.markSettled('open', 'sig');
    expect(await metricsRegistry.metrics()).toMatch(/^quietpay_settlement_oldest_pending_seconds 0$/m);
    expect(reads).toBe(2);
  });

  it('keeps the last value when Redis cannot be read, without failing the scrape', async () => {
    const store = new SettlementStore(redis, `${prefix}:c`, 3600);
    new SettlementLagMetric(store);
    await store.create(record('stuck'));
    expect(await scraped()).toBeLessThan(5);
    const broken = new SettlementStore(redis, `${prefix}:c`, 3600);
    broken.oldestOpenMs = () => Promise.reject(new Error('redis away'));
    new SettlementLagMetric(broken);
    oldestOpenSettlementAge.set(42);
    await expect(metricsRegistry.metrics()).resolves.toContain('quietpay_settlement_oldest_pending_seconds');
    expect(await scraped('quietpay_reconciler_oldest_open_reservation_age_seconds')).toBe(42);
  });
});
