import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { type BoundTransaction, BatchTransactions } from './batch-transactions.repository';
import { ledgerKeys, type TransferRef } from './ledger.keys';

// Real Redis, a prefix per test: a batch is sent under one transaction at a time. Two workers on
// the same batch (one stalled past its job lock) can each be authorized, but only one transaction
// is ever bound (and so sent); the other is handed that one, until it is named expired.
const redis = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
afterAll(() => redis.disconnect());

const tx = (name: string): BoundTransaction => ({ signature: `sig-${name}`, signedTxBase64: `bytes-${name}`, lastValidBlockHeight: '150' });

async function fixture(transfer: TransferRef = { batchId: randomUUID() }) {
  const prefix = `test:${randomUUID()}:`;
  const sessionId = randomUUID();
  // The session key exists with a TTL: the attempt record lives as long as the session's keys.
  await redis.set(ledgerKeys(prefix, sessionId).session, 'x', 'EX', 3600);
  return { transactions: new BatchTransactions(redis, prefix), sessionId, transfer, recordKey: ledgerKeys(prefix, sessionId).transferAttempt(transfer) };
}

describe('BatchTransactions (real Redis)', () => {
  it("keeps a per-call charge's own transfer under the same rule, in its own record (never a batch's of the same id)", async () => {
    const id = randomUUID();
    const { transactions, sessionId, transfer, recordKey } = await fixture({ ownChargeOf: id });
    expect(await transactions.open(sessionId, transfer, 'auth-stalled', '')).toEqual({ opened: true });
    expect(await transactions.open(sessionId, transfer, 'auth-live', '')).toEqual({ opened: true });
    expect(await transactions.bind(sessionId, transfer, 'auth-stalled', tx('stale'))).toEqual({ superseded: true });
    expect(await transactions.bind(sessionId, transfer, 'auth-live', tx('live'))).toEqual({ bound: tx('live') });
    expect(await transactions.open(sessionId, transfer, 'auth-stalled-2', '')).toEqual({ opened: false, bound: tx('live') });
    expect(await transactions.open(sessionId, { batchId: id }, 'auth-batch', '')).toEqual({ opened: true });
    expect(await redis.ttl(recordKey)).toBeGreaterThan(3000);
  });

  it('binds the first attempt; a later authorization without naming it expired is handed that transaction', async () => {
    const { transactions, sessionId, transfer, recordKey } = await fixture();
    expect(await transactions.open(sessionId, transfer, 'auth-1', '')).toEqual({ opened: true });
    expect(await transactions.bind(sessionId, transfer, 'auth-1', tx('a'))).toEqual({ bound: tx('a') });
    // A second worker that saw nothing sent (a stalled twin), and one naming another signature.
    expect(await transactions.open(sessionId, transfer, 'auth-2', '')).toEqual({ opened: false, bound: tx('a') });
    expect(await transactions.open(sessionId, transfer, 'auth-2', 'sig-other')).toEqual({ opened: false, bound: tx('a') });
    expect(await redis.ttl(recordKey)).toBeGreaterThan(3000);
  });

  it('binding is idempotent for the bound attempt and answers the bound transaction to a later one', async () => {
    const { transactions, sessionId, transfer } = await fixture();
    await transactions.open(sessionId, transfer, 'auth-1', '');
    await transactions.bind(sessionId, transfer, 'auth-1', tx('a'));
    expect(await transactions.bind(sessionId, transfer, 'auth-1', tx('a'))).toEqual({ bound: tx('a') });
    expect(await transactions.bind(sessionId, transfer, 'auth-1', tx('b'))).toEqual({ bound: tx('a') });
  });

  it('an unbound authorization is replaced at once, and its holder can no longer bind (it must not send)', async () => {
    const { transactions, sessionId, transfer } = await fixture();
    await transactions.open(sessionId, transfer, 'auth-stalled', '');
    expect(await transactions.open(sessionId, transfer, 'auth-live', '')).toEqual({ opened: true });
    expect(await transactions.bind(sessionId, transfer, 'auth-stalled', tx('stale'))).toEqual({ superseded: true });
    expect(await transactions.bind(sessionId, transfer, 'auth-live', tx('live'))).toEqual({ bound: tx('live') });
    // Woken after the live one bound: handed the live transaction, not a new authorization.
    expect(await transactions.open(sessionId, transfer, 'auth-stalled-2', '')).toEqual({ opened: false, bound: tx('live') });
  });

  it('naming the bound transaction expired opens a new attempt, once: a second worker naming the same one is refused', async () => {
    const { transactions, sessionId, transfer } = await fixture();
    await transactions.open(sessionId, transfer, 'auth-1', '');
    await transactions.bind(sessionId, transfer, 'auth-1', tx('a'));
    expect(await transactions.open(sessionId, transfer, 'auth-2', 'sig-a')).toEqual({ opened: true });
    expect(await transactions.bind(sessionId, transfer, 'auth-2', tx('b'))).toEqual({ bound: tx('b') });
    // Another worker that also saw 'a' expire comes too late: 'b' is the batch's transaction now.
    expect(await transactions.open(sessionId, transfer, 'auth-3', 'sig-a')).toEqual({ opened: false, bound: tx('b') });
    expect(await transactions.bind(sessionId, transfer, 'auth-1', tx('a'))).toEqual({ bound: tx('b') });
  });
});
