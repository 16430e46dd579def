import { randomUUID } from 'node:crypto';
import { SettlementStatus } from '@quietpay/contracts';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { BatchStore } from './batch.store';
import { settlementKey } from './settlement.store';

// Real Redis, a prefix per test (deleted afterwards): a session's open batches are an ordered set
// bounded by the pipeline depth, each formed from the head of its pending list exactly once.
const redis = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
const prefixes: string[] = [];

afterAll(async () => {
  for (const prefix of prefixes) {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  }
  redis.disconnect();
});

/** A store and a session with `charges` pending charges of 10 each (records as a submit writes them). */
async function sessionWith(charges: number): Promise<{ store: BatchStore; prefix: string; sessionId: string; ids: string[] }> {
  const prefix = `test:${randomUUID()}`;
  prefixes.push(prefix);
  const store = new BatchStore(redis, prefix, 600);
  const sessionId = `s-${randomUUID()}`;
  const ids = Array.from({ length: charges }, () => `${sessionId}.${randomUUID()}`);
  for (const id of ids) {
    await redis.hset(settlementKey(prefix, id), { status: String(SettlementStatus.QUEUED), amount: '10', sessionId });
    await redis.rpush(store.pendingKey(sessionId), id);
  }
  return { store, prefix, sessionId, ids };
}

describe('BatchStore open batches', () => {
  it('forms batches in arrival order up to the depth, oldest first; a closed batch makes room for the next', async () => {
    const { store, sessionId, ids } = await sessionWith(5);
    const first = await store.formNext(sessionId, 'a', 2, 2);
    const second = await store.formNext(sessionId, 'b', 2, 2);
    expect(await store.formNext(sessionId, 'c', 2, 2)).toBeUndefined();
    expect(await store.openBatches(sessionId)).toEqual([first, second]);
    expect((await store.get(first!))?.members).toEqual(ids.slice(0, 2));
    expect((await store.get(second!))?.members).toEqual(ids.slice(2, 4));
    expect(await store.pendingCount(sessionId)).toBe(1);

    // The newer batch may confirm first: closing it leaves the older one open, in place.
    await store.close((await store.get(second!))!, SettlementStatus.SETTLED, 'sig-b', '');
    expect(await store.openBatches(sessionId)).toEqual([first]);
    const third = await store.formNext(sessionId, 'c', 2, 2);
    expect(await store.openBatches(sessionId)).toEqual([first, third]);
    expect((await store.get(third!))?.members).toEqual(ids.slice(4));
  });

  it('at depth 1 keeps one open batch, as before open batches became a set', async () => {
    const { store, sessionId } = await sessionWith(3);
    const only = await store.formNext(sessionId, 'a', 1, 1);
    expect(await store.formNext(sessionId, 'b', 1, 1)).toBeUndefined();
    await store.close((await store.get(only!))!, SettlementStatus.FAILED, '', 'sign_refused');
    expect(await store.openBatches(sessionId)).toEqual([]);
    expect(await store.formNext(sessionId, 'b', 1, 1)).toBeDefined();
  });

  it('resumes a batch the legacy single pointer left open first, counts it against the depth, and clears it on close', async () => {
    const { store, prefix, sessionId } = await sessionWith(2);
    const legacy = `${sessionId}.legacy`;
    await redis.hset(`${prefix}:batch:{${sessionId}}:${legacy}`, { batchId: legacy, sessionId, amount: '10', status: String(SettlementStatus.SUBMITTED) });
    await redis.set(`${prefix}:batch:open:{${sessionId}}`, legacy);
    const formed = await store.formNext(sessionId, 'a', 1, 2);
    expect(await store.formNext(sessionId, 'b', 1, 2)).toBeUndefined();
    expect(await store.openBatches(sessionId)).toEqual([legacy, formed]);
    await store.close((await store.get(legacy))!, SettlementStatus.SETTLED, 'sig', '');
    expect(await redis.exists(`${prefix}:batch:open:{${sessionId}}`)).toBe(0);
    expect(await store.openBatches(sessionId)).toEqual([formed]);
  });

  it("records and reads a waiter's await claim, and a close drops it", async () => {
    const { store, sessionId } = await sessionWith(1);
    const batchId = (await store.formNext(sessionId, 'a', 1, 2))!;
    expect((await store.get(batchId))?.awaitedUntilMs).toBe(0);
    await store.markAwaited(batchId, 123_456);
    expect((await store.get(batchId))?.awaitedUntilMs).toBe(123_456);
    await store.close((await store.get(batchId))!, SettlementStatus.SETTLED, 'sig', '');
    expect((await store.get(batchId))?.awaitedUntilMs).toBe(0);
  });
});
