import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { LedgerRepository } from '../ledger/ledger.repository';
import type { ChargeRequest, SessionRecord } from '../ledger/ledger.types';
import { FacilitatorLamportsRepository } from './facilitator-lamports.repository';

// Real Redis, a key prefix per test: the budget is counted by one script and enforced by the charge script.
const redis = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
// A second connection stands in for a second ledger replica.
const replica = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
const BUDGET = 3_000_000n;

function fixture(lamportsHeldPerCharge = 0n) {
  const prefix = `test:${randomUUID()}:`;
  const ledger = new LedgerRepository(redis, prefix, { minAmount: 1000n, retentionSeconds: 3600, lamportBudget: BUDGET, lamportsHeldPerCharge });
  const lamports = new FacilitatorLamportsRepository(redis, prefix, 3600);
  const record: SessionRecord = {
    sessionId: randomUUID(),
    user: 'User1111111111111111111111111111111111111111',
    spender: 'Fac11111111111111111111111111111111111111111',
    asset: 'Mint111111111111111111111111111111111111111',
    recipient: 'Merch11111111111111111111111111111111111111',
    network: 'solana:localnet',
    cap: '1000000000',
    spent: '0',
    perCallLimit: '0',
    expirationUnix: Math.floor(Date.now() / 1000) + 3600,
    sessionPubkey: 'SessKey1111111111111111111111111111111111111',
    sourceAccount: 'Src111111111111111111111111111111111111111',
    approveTxSignature: 'sig',
    status: 'active',
    createdAtMs: 0,
    legacy: false,
  };
  const call = (): ChargeRequest => {
    const nonce = randomUUID();
    return {
      sessionId: record.sessionId,
      amount: 10_000n,
      nonce,
      payTo: record.recipient,
      asset: record.asset,
      network: record.network,
      idempotencyKey: `${record.sessionId}:${nonce}`,
      fingerprint: `fp:${nonce}`,
    };
  };
  return { ledger, lamports, record, call, prefix };
}

afterAll(() => {
  redis.disconnect();
  replica.disconnect();
});

describe('per-session facilitator lamport budget (real Redis)', () => {
  it('charges go through until the confirmed cost reaches the budget, then verify and reserve refuse with facilitator_budget_exhausted', async () => {
    const { ledger, lamports, record, call } = fixture();
    await ledger.createSession(record);
    expect(await lamports.add(record.sessionId, 'open-sig', 10_000n)).toEqual({ counted: true, total: 10_000, budget: 3_000_000, reachedBudget: false });
    expect((await ledger.reserve(call(), randomUUID())).ok).toBe(true);
    expect(await lamports.add(record.sessionId, 'settle-1', 1_925_960n)).toMatchObject({ counted: true, reachedBudget: false });
    expect((await ledger.reserve(call(), randomUUID())).ok).toBe(true);
    expect(await lamports.add(record.sessionId, 'settle-2', 1_925_960n)).toMatchObject({ counted: true, total: 3_861_920, reachedBudget: true });

    expect(await ledger.verify(call())).toEqual({ ok: false, reason: 'facilitator_budget_exhausted' });
    expect(await ledger.reserve(call(), randomUUID())).toEqual({ ok: false, reason: 'facilitator_budget_exhausted' });
    expect((await ledger.getSession(record.sessionId))?.spent).toBe('20000');
  });

  it('a signature is counted once (a batch commits each member with it; commits are retried)', async () => {
    const { ledger, lamports, record } = fixture();
    await ledger.createSession(record);
    expect((await lamports.add(record.sessionId, 'batch-sig', 2_000_000n)).counted).toBe(true);
    expect(await lamports.add(record.sessionId, 'batch-sig', 2_000_000n)).toEqual({ counted: false });
    expect(await lamports.isCounted(record.sessionId, 'batch-sig')).toBe(true);
    expect(await lamports.total(record.sessionId)).toBe(2_000_000);
  });

  it('charges in flight hold their estimate: 20 concurrent reserves from two replicas never hold past the budget', async () => {
    const HOLD = 900_000n;
    const { ledger, lamports, record, call, prefix } = fixture(HOLD);
    await ledger.createSession(record);
    const other = new LedgerRepository(replica, prefix, { minAmount: 1000n, retentionSeconds: 3600, lamportBudget: BUDGET, lamportsHeldPerCharge: HOLD });
    const requests = Array.from({ length: 20 }, call);
    const outcomes = await Promise.all(requests.map((r, i) => (i % 2 === 0 ? ledger : other).reserve(r, `${record.sessionId}.${randomUUID()}`)));
    const reserved = outcomes.filter((o) => o.ok);
    // 3 × 900k ≤ 3M < 4 × 900k: nothing has been spent yet, and still only three may be in flight.
    expect(reserved).toHaveLength(3);
    expect(outcomes.filter((o) => !o.ok).every((o) => !o.ok && o.reason === 'facilitator_budget_exhausted')).toBe(true);
    expect(await lamports.held(record.sessionId)).toBe(2_700_000);
    expect(await lamports.total(record.sessionId)).toBe(0);

    const [first, second] = reserved.map((o) => (o.ok ? o.charge : undefined));
    // A released charge gives its hold back: one more fits.
    await ledger.release(record.sessionId, second!.idempotencyKey, 'test');
    expect(await lamports.held(record.sessionId)).toBe(1_800_000);
    expect((await ledger.reserve(call(), `${record.sessionId}.${randomUUID()}`)).ok).toBe(true);
    expect((await ledger.reserve(call(), `${record.sessionId}.${randomUUID()}`)).ok).toBe(false);

    // A settled charge keeps its hold until its confirmed cost replaces it, in one step.
    await ledger.settle(record.sessionId, first!.idempotencyKey, 'settle-sig');
    expect(await lamports.held(record.sessionId)).toBe(2_700_000);
    expect(await lamports.add(record.sessionId, 'settle-sig', 400_000n, first!.idempotencyKey)).toMatchObject({ counted: true, total: 400_000 });
    expect(await lamports.held(record.sessionId)).toBe(1_800_000);
    // Counting the same signature again (a batch member, a retried commit) drops nothing twice.
    expect(await lamports.dropHoldIfCounted(record.sessionId, 'settle-sig', first!.idempotencyKey)).toBe(true);
    expect(await lamports.held(record.sessionId)).toBe(1_800_000);
    // 400k spent + 1.8M held + 900k > 3M: still refused; the budget is spent + held, never more.
    expect(await ledger.verify(call())).toEqual({ ok: false, reason: 'facilitator_budget_exhausted' });
    expect((await ledger.reserve(call(), `${record.sessionId}.${randomUUID()}`)).ok).toBe(false);
  });

  it('nothing is counted for a session that does not exist', async () => {
    const { lamports } = fixture();
    expect(await lamports.add('missing', 'sig', 5_000n)).toEqual({ counted: false });
  });
});
