import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { LedgerRepository } from '../ledger/ledger.repository';
import type { ChargeRequest, SessionRecord } from '../ledger/ledger.types';
import { FacilitatorLamportsRepository } from './facilitator-lamports.repository';

// Real Redis, a key prefix per test: the budget is counted by one script and enforced by the charge script.
const redis = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
const BUDGET = 3_000_000n;

function fixture() {
  const prefix = `test:${randomUUID()}:`;
  const ledger = new LedgerRepository(redis, prefix, { minAmount: 1000n, retentionSeconds: 3600, lamportBudget: BUDGET });
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
    return { sessionId: record.sessionId, amount: 10_000n, nonce, payTo: record.recipient, asset: record.asset, network: record.network, idempotencyKey: `${record.sessionId}:${nonce}`, fingerprint: `fp:${nonce}` };
  };
  return { ledger, lamports, record, call };
}

afterAll(() => redis.disconnect());

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

  it('nothing is counted for a session that does not exist', async () => {
    const { lamports } = fixture();
    expect(await lamports.add('missing', 'sig', 5_000n)).toEqual({ counted: false });
  });
});
