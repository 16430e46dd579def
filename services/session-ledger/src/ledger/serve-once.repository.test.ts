import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { LedgerRepository } from './ledger.repository';
import type { ChargeRequest, SessionRecord } from './ledger.types';

// Real Redis, a prefix per test: one charge buys one serve; open reservations are listed for the
// reconciler; a served charge's release suspends its session; the reconciler's release never
// touches a charge a transfer claimed.
const redis = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
afterAll(() => redis.disconnect());

async function fixture() {
  const ledger = new LedgerRepository(redis, `test:${randomUUID()}:`, { minAmount: 1n, retentionSeconds: 3600 });
  const record: SessionRecord = {
    sessionId: randomUUID(),
    user: 'User1111111111111111111111111111111111111111',
    spender: 'Fac11111111111111111111111111111111111111111',
    asset: 'Mint111111111111111111111111111111111111111',
    recipient: 'Merch11111111111111111111111111111111111111',
    network: 'solana:localnet',
    cap: '1000',
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
  await ledger.createSession(record);
  const call = (overrides: Partial<ChargeRequest> = {}): ChargeRequest => {
    const nonce = randomUUID();
    return {
      sessionId: record.sessionId,
      amount: 100n,
      nonce,
      payTo: record.recipient,
      asset: record.asset,
      network: record.network,
      idempotencyKey: `${record.sessionId}:${nonce}`,
      fingerprint: `fp:${nonce}`,
      ...overrides,
    };
  };
  return { ledger, record, call };
}

describe('one charge, one serve', () => {
  it('verifies a charged, unserved payload again; after its serve is claimed, only the same token is answered', async () => {
    const { ledger, call } = await fixture();
    const request = call();
    const reserved = await ledger.reserve(request, randomUUID());
    expect(reserved.ok).toBe(true);
    expect(await ledger.verify(request)).toMatchObject({ ok: true });
    expect(await ledger.claimServe(request.sessionId, request.idempotencyKey, 'token-a')).toEqual({ ok: true });
    expect(await ledger.claimServe(request.sessionId, request.idempotencyKey, 'token-a')).toEqual({ ok: true });
    expect(await ledger.claimServe(request.sessionId, request.idempotencyKey, 'token-b')).toEqual({ ok: false, reason: 'nonce_replayed' });
    expect(await ledger.verify(request)).toEqual({ ok: false, reason: 'nonce_replayed' });
  });

  it('a reservation that claims its serve at once (batched) refuses a replay under another token', async () => {
    const { ledger, call } = await fixture();
    const request = call({ serveToken: 'token-a', claimServe: true });
    expect((await ledger.reserve(request, randomUUID())).ok).toBe(true);
    expect(await ledger.reserve({ ...request, serveToken: 'token-a' }, randomUUID())).toMatchObject({ ok: true, duplicate: true });
    expect(await ledger.reserve({ ...request, serveToken: 'token-b' }, randomUUID())).toEqual({ ok: false, reason: 'nonce_replayed' });
  });

  it('a released charge serves nothing', async () => {
    const { ledger, call } = await fixture();
    const request = call();
    await ledger.reserve(request, randomUUID());
    await ledger.release(request.sessionId, request.idempotencyKey, 'transaction_failed');
    expect(await ledger.verify(request)).toEqual({ ok: false, reason: 'nonce_replayed' });
    expect(await ledger.claimServe(request.sessionId, request.idempotencyKey, 'token-a')).toEqual({ ok: false, reason: 'charge_released' });
  });
});

describe('open reservations and containment', () => {
  it('lists reserved charges until they finish', async () => {
    const { ledger, call } = await fixture();
    const a = call();
    const b = call();
    const idA = randomUUID();
    const idB = randomUUID();
    await ledger.reserve(a, idA);
    await ledger.reserve(b, idB);
    expect((await ledger.openCharges(0, 10)).map((o) => o.settlementId).sort()).toEqual([idA, idB].sort());
    expect(await ledger.openCharges(3_600_000, 10)).toEqual([]);
    await ledger.settle(a.sessionId, a.idempotencyKey, 'sig');
    await ledger.release(b.sessionId, b.idempotencyKey, 'never_submitted');
    expect(await ledger.openCharges(0, 10)).toEqual([]);
  });

  it('a release that suspends leaves the session taking no new charge', async () => {
    const { ledger, record, call } = await fixture();
    const served = call();
    await ledger.reserve(served, randomUUID());
    await ledger.release(served.sessionId, served.idempotencyKey, 'insufficient_funds', { suspendSession: true });
    expect((await ledger.getSession(record.sessionId))?.status).toBe('suspended');
    expect(await ledger.reserve(call(), randomUUID())).toEqual({ ok: false, reason: 'session_suspended' });
  });

  it('the reconciler-style release refuses a charge a transfer claimed', async () => {
    const { ledger, record, call } = await fixture();
    const claimed = call();
    await ledger.reserve(claimed, randomUUID());
    expect((await ledger.claimForOwnTransfer(record.sessionId, claimed.idempotencyKey)).ok).toBe(true);
    expect(await ledger.release(record.sessionId, claimed.idempotencyKey, 'never_submitted', { onlyIfUnclaimed: true })).toMatchObject({
      inTransfer: true,
      state: 'reserved',
    });
    expect((await ledger.getSession(record.sessionId))?.spent).toBe('100');
  });
});
