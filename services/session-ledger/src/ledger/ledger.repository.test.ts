import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { LedgerRepository } from './ledger.repository';
import type { ChargeRequest, SessionRecord } from './ledger.types';

// Real Redis; each test gets its own key prefix, and two connections stand in for two replicas.
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const replicaA = new Redis(REDIS_URL);
const replicaB = new Redis(REDIS_URL);
const NOW = 1_900_000_000;
const HALF_USDC = 500_000n;
const MIN_AMOUNT = 1000n;
const RETENTION = 86_400;
const wallNow = (): number => Math.floor(Date.now() / 1000);

let prefix: string;
let ledgerA: LedgerRepository;
let ledgerB: LedgerRepository;

function session(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    sessionId: randomUUID(),
    user: 'User1111111111111111111111111111111111111111',
    spender: 'Fac11111111111111111111111111111111111111111',
    asset: 'Mint111111111111111111111111111111111111111',
    recipient: 'Merch11111111111111111111111111111111111111',
    network: 'solana:localnet',
    cap: '1000000',
    spent: '0',
    perCallLimit: '0',
    expirationUnix: NOW + 3600,
    sessionPubkey: 'SessKey1111111111111111111111111111111111111',
    sourceAccount: 'Src111111111111111111111111111111111111111',
    approveTxSignature: 'sig',
    status: 'active',
    createdAtMs: 0,
    legacy: false,
    ...overrides,
  };
}

function call(s: SessionRecord, overrides: Partial<ChargeRequest> = {}): ChargeRequest {
  const nonce = overrides.nonce ?? randomUUID();
  return {
    sessionId: s.sessionId,
    amount: HALF_USDC,
    nonce,
    payTo: s.recipient,
    asset: s.asset,
    network: s.network,
    idempotencyKey: `${s.sessionId}:${nonce}`,
    fingerprint: `fp:${nonce}`,
    ...overrides,
  };
}

beforeEach(() => {
  prefix = `test:${randomUUID()}:`;
  ledgerA = new LedgerRepository(replicaA, prefix, { minAmount: MIN_AMOUNT, retentionSeconds: RETENTION });
  ledgerB = new LedgerRepository(replicaB, prefix, { minAmount: MIN_AMOUNT, retentionSeconds: RETENTION });
});

afterAll(async () => {
  const keys = await replicaA.keys('test:*');
  if (keys.length > 0) await replicaA.del(...keys);
  replicaA.disconnect();
  replicaB.disconnect();
});

describe('LedgerRepository against real Redis', () => {
  it('charges two half-USDC calls against a 1 USDC cap and refuses the third', async () => {
    const s = session();
    await ledgerA.createSession(s);
    expect((await ledgerA.reserve(call(s), 'c1')).ok).toBe(true);
    expect((await ledgerB.reserve(call(s), 'c2')).ok).toBe(true);
    expect(await ledgerA.reserve(call(s), 'c3')).toEqual({ ok: false, reason: 'cap_exceeded' });
    expect((await ledgerA.getSession(s.sessionId))?.spent).toBe('1000000');
  });

  it('lets exactly 10 of 50 concurrent calls through two replicas charge a cap worth 10', async () => {
    const s = session({ cap: String(HALF_USDC * 10n) });
    await ledgerA.createSession(s);
    const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? ledgerA : ledgerB).reserve(call(s), `c${i}`)));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(10);
    expect(outcomes.filter((o) => !o.ok && o.reason === 'cap_exceeded')).toHaveLength(40);
    expect((await ledgerA.getSession(s.sessionId))?.spent).toBe(String(HALF_USDC * 10n));
  });

  it('refuses a replayed nonce without charging', async () => {
    const s = session();
    await ledgerA.createSession(s);
    const first = call(s, { nonce: 'n-1' });
    await ledgerA.reserve(first, 'c1');
    const replay = await ledgerB.reserve({ ...first, idempotencyKey: 'other-key' }, 'c2');
    expect(replay).toEqual({ ok: false, reason: 'nonce_replayed' });
    expect(await ledgerA.verify({ ...first, idempotencyKey: 'k' })).toEqual({ ok: false, reason: 'nonce_replayed' });
    expect((await ledgerA.getSession(s.sessionId))?.spent).toBe(String(HALF_USDC));
  });

  it('returns the same charge for the same idempotency key and never charges twice', async () => {
    const s = session();
    await ledgerA.createSession(s);
    const request = call(s);
    const [a, b] = await Promise.all([ledgerA.reserve(request, 'c1'), ledgerB.reserve(request, 'c2')]);
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.charge.chargeId).toBe(b.charge.chargeId);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    expect((await ledgerA.getSession(s.sessionId))?.spent).toBe(String(HALF_USDC));
    expect(await ledgerA.reserve({ ...request, amount: 1n }, 'c3')).toEqual({ ok: false, reason: 'idempotency_conflict' });
  });

  it('refuses a repeated idempotency key whose payload fingerprint differs, charging nothing, and replays the same payload', async () => {
    const s = session();
    await ledgerA.createSession(s);
    const first = call(s, { idempotencyKey: 'pid:reused-key-0123456789', fingerprint: 'fp-first' });
    const reserved = await ledgerA.reserve(first, 'c1');
    expect(reserved.ok).toBe(true);
    // A new nonce (so a new signed payload) under the same key: refused at verify and at reserve.
    const reused = call(s, { idempotencyKey: first.idempotencyKey, fingerprint: 'fp-second' });
    expect(await ledgerB.verify(reused)).toEqual({ ok: false, reason: 'idempotency_conflict' });
    expect(await ledgerB.reserve(reused, 'c2')).toEqual({ ok: false, reason: 'idempotency_conflict' });
    expect((await ledgerA.getSession(s.sessionId))?.spent).toBe(String(HALF_USDC));
    // The same full payload again is the original charge.
    const again = await ledgerB.reserve(first, 'c3');
    expect(again.ok && again.duplicate && again.charge.chargeId).toBe('c1');
    expect((await ledgerA.getSession(s.sessionId))?.spent).toBe(String(HALF_USDC));
  });

  it('releases a failed charge once and settles only reserved charges', async () => {
    const s = session();
    await ledgerA.createSession(s);
    const request = call(s);
    await ledgerA.reserve(request, 'c1');
    expect(await ledgerA.release(s.sessionId, request.idempotencyKey, 'transfer_failed')).toEqual({ found: true, changed: true, state: 'released' });
    expect(await ledgerB.release(s.sessionId, request.idempotencyKey, 'again')).toEqual({ found: true, changed: false, state: 'released' });
    expect(await ledgerA.settle(s.sessionId, request.idempotencyKey, 'sig')).toEqual({ found: true, changed: false, state: 'released' });
    expect((await ledgerA.getSession(s.sessionId))?.spent).toBe('0');
    const other = call(s);
    await ledgerA.reserve(other, 'c2');
    expect(await ledgerA.settle(s.sessionId, other.idempotencyKey, 'sig2')).toEqual({ found: true, changed: true, state: 'settled' });
    expect((await ledgerA.getCharge(s.sessionId, other.idempotencyKey))?.signature).toBe('sig2');
  });

  it('keeps the open-charge index to reserved charges: an id refused or answered as a duplicate is dropped, a finished one leaves', async () => {
    const s = session();
    await ledgerA.createSession(s);
    const indexed = async (): Promise<string[]> => (await ledgerA.openCharges(-60_000, 100)).map((c) => c.settlementId);
    const first = call(s);
    await ledgerA.reserve(first, 'c1');
    expect(await indexed()).toEqual(['c1']);
    await ledgerB.reserve(first, 'c2'); // the same payload: the original charge, c2 never exists
    await ledgerB.reserve(call(s, { amount: 10n ** 12n }), 'c3'); // over the cap: refused
    expect(await indexed()).toEqual(['c1']);
    await ledgerA.settle(s.sessionId, first.idempotencyKey, 'sig');
    expect(await indexed()).toEqual([]);
  });

  it('keeps a charge in the open-charge index when its own reservation is run twice (a script resent after a dropped connection)', async () => {
    // ioredis resends a command whose reply a dropped connection lost (maxRetriesPerRequest), and
    // the script had run: the second run finds the charge it wrote, with the same id. Dropping that
    // id from the index left a live reservation the reconciler never drives.
    const s = session();
    await ledgerA.createSession(s);
    const first = call(s);
    expect(await ledgerA.reserve(first, 'c1')).toMatchObject({ ok: true, duplicate: false });
    // Not a repeat for the caller: the reservation it asked for, answered once the resend got through.
    expect(await ledgerA.reserve(first, 'c1')).toMatchObject({ ok: true, duplicate: false, charge: { chargeId: 'c1', state: 'reserved' } });
    expect((await ledgerA.openCharges(-60_000, 100)).map((c) => c.settlementId)).toEqual(['c1']);
    expect((await ledgerA.getSession(s.sessionId))?.spent).toBe(String(HALF_USDC));
  });

  it.each([
    ['expired', session({ expirationUnix: wallNow() - 1 }), {}, 'session_expired'],
    ['below the minimum settlement amount (1 base unit)', session(), { amount: 1n }, 'amount_below_minimum'],
    ['just below the minimum settlement amount', session(), { amount: MIN_AMOUNT - 1n }, 'amount_below_minimum'],
    ['revoked', session({ status: 'revoked' }), {}, 'session_revoked'],
    ['closed', session({ status: 'closed' }), {}, 'session_closed'],
    ['wrong recipient', session(), { payTo: 'Evil1111111111111111111111111111111111111111' }, 'recipient_mismatch'],
    ['wrong asset', session(), { asset: 'Other111111111111111111111111111111111111111' }, 'asset_mismatch'],
    ['wrong network', session(), { network: 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1' }, 'invalid_network'],
    ['over per-call limit', session({ perCallLimit: '100' }), {}, 'per_call_limit_exceeded'],
    ['zero amount', session(), { amount: 0n }, 'invalid_amount'],
  ] as const)('refuses a %s call with its reason and charges nothing', async (_name, s, overrides, reason) => {
    await ledgerA.createSession(s);
    expect(await ledgerA.reserve(call(s, overrides), 'c1')).toEqual({ ok: false, reason });
    expect((await ledgerA.getSession(s.sessionId))?.spent).toBe('0');
  });

  it('verifies and charges exactly the minimum settlement amount', async () => {
    const s = session();
    await ledgerA.createSession(s);
    expect(await ledgerA.verify(call(s, { amount: MIN_AMOUNT }))).toMatchObject({ ok: true });
    expect((await ledgerA.reserve(call(s, { amount: MIN_AMOUNT }), 'c1')).ok).toBe(true);
    expect(await ledgerA.verify(call(s, { amount: 1n }))).toEqual({ ok: false, reason: 'amount_below_minimum' });
  });

  it('gives every key of a session a TTL: session expiry plus the retention, on Redis time', async () => {
    const expirationUnix = wallNow() + 3600;
    const s = session({ expirationUnix });
    await ledgerA.createSession(s);
    const request = call(s);
    expect((await ledgerA.reserve(request, 'c1')).ok).toBe(true);
    await ledgerA.release(s.sessionId, request.idempotencyKey, 'transfer_failed');
    const keys = await replicaA.keys(`${prefix}*`);
    expect(keys.length).toBe(4); // session, nonce, charge, settlement index
    for (const key of keys) expect(await replicaA.call('EXPIRETIME', key), key).toBe(expirationUnix + RETENTION);
  });

  it('refuses an unknown session', async () => {
    const ghost = session();
    expect(await ledgerA.reserve(call(ghost), 'c1')).toEqual({ ok: false, reason: 'session_not_found' });
    expect(await ledgerA.verify(call(ghost))).toEqual({ ok: false, reason: 'session_not_found' });
  });

  it('answers verify with one Redis command and reserve with two (open-charge index, charge script) once a session is known (its terms are cached)', async () => {
    const s = session();
    await ledgerA.createSession(s);
    expect((await ledgerA.sessionTerms(s.sessionId))?.sessionPubkey).toBe(s.sessionPubkey);
    await ledgerA.verify(call(s)); // the first run may load the script (NOSCRIPT, then EVAL)
    const counted = countCommands(replicaA);
    expect(await ledgerA.sessionTerms(s.sessionId)).toEqual({
      sessionId: s.sessionId,
      user: s.user,
      sessionPubkey: s.sessionPubkey,
      cap: s.cap,
      expirationUnix: s.expirationUnix,
      legacy: s.legacy,
    });
    expect(await ledgerA.verify(call(s))).toEqual({ ok: true, remaining: 1_000_000n });
    const first = call(s);
    const reserved = await ledgerA.reserve(first, 'c1');
    expect(counted.stop()).toEqual(['evalsha', 'evalsha', 'evalsha']);
    expect(reserved).toEqual({
      ok: true,
      duplicate: false,
      spent: HALF_USDC,
      charge: {
        chargeId: 'c1',
        sessionId: s.sessionId,
        idempotencyKey: first.idempotencyKey,
        amount: String(HALF_USDC),
        nonce: first.nonce,
        state: 'reserved',
        signature: '',
        reason: '',
      },
    });
    // A repeat reads the stored charge back: the same answer, marked duplicate.
    expect(await ledgerB.reserve(first, 'c2')).toEqual({ ...reserved, duplicate: true });
    expect(await ledgerA.sessionTerms(randomUUID())).toBeNull();
  });

  it('refuses a cap the Lua arithmetic cannot hold exactly', async () => {
    await expect(ledgerA.createSession(session({ cap: (2n ** 53n).toString() }))).rejects.toThrow(RangeError);
  });
});

/** Records the Redis commands `redis` sends until stop() (a counter on the real client, not a mock). */
function countCommands(redis: Redis): { stop: () => string[] } {
  const seen: string[] = [];
  const original = redis.sendCommand.bind(redis);
  redis.sendCommand = (command, stream) => {
    seen.push(command.name);
    return original(command, stream);
  };
  return {
    stop: () => {
      redis.sendCommand = original;
      return seen;
    },
  };
}

describe('claims for transfers (charge authorizations)', () => {
  async function reserved(s: SessionRecord, nonce: string): Promise<string> {
    const outcome = await ledgerA.reserve(call(s, { nonce, idempotencyKey: `k-${nonce}`, amount: 100_000n }), `${s.sessionId}.${nonce}`);
    if (!outcome.ok) throw new Error(outcome.reason);
    return outcome.charge.chargeId;
  }

  it('claims a reserved charge for one transfer only: its own or one batch', async () => {
    const s = session();
    await ledgerA.createSession(s);
    const [a, b, c] = [await reserved(s, 'nonce-a-0123456789'), await reserved(s, 'nonce-b-0123456789'), await reserved(s, 'nonce-c-0123456789')];
    expect(await ledgerA.claimForOwnTransfer(s.sessionId, 'k-nonce-a-0123456789')).toEqual({ ok: true, amount: 100_000n });
    expect(await ledgerB.claimForOwnTransfer(s.sessionId, 'k-nonce-a-0123456789')).toEqual({ ok: true, amount: 100_000n });
    expect(await ledgerA.claimForBatch(s.sessionId, 'batch-1', [a, b])).toMatchObject({ ok: false, reason: 'charge_in_batch', settlementId: a });
    expect(await ledgerA.claimForBatch(s.sessionId, 'batch-1', [b, c])).toEqual({ ok: true, amount: 200_000n });
    // The same batch again (a rebuild) is the same claim; other members, or its members elsewhere, are not.
    expect(await ledgerB.claimForBatch(s.sessionId, 'batch-1', [b, c])).toEqual({ ok: true, amount: 200_000n });
    expect(await ledgerA.claimForBatch(s.sessionId, 'batch-1', [b])).toMatchObject({ ok: false, reason: 'batch_conflict' });
    expect(await ledgerA.claimForBatch(s.sessionId, 'batch-2', [c])).toMatchObject({ ok: false, reason: 'charge_in_batch', settlementId: c });
    expect(await ledgerA.claimForOwnTransfer(s.sessionId, 'k-nonce-b-0123456789')).toMatchObject({ ok: false, reason: 'charge_in_batch' });
  });

  it("keeps a batch's member list as long as the session's keys (session expiry plus the retention, on Redis time)", async () => {
    const expirationUnix = wallNow() + 3600;
    const s = session({ expirationUnix });
    await ledgerA.createSession(s);
    const [a, b] = [await reserved(s, 'nonce-a-0123456789'), await reserved(s, 'nonce-b-0123456789')];
    expect(await ledgerA.claimForBatch(s.sessionId, 'batch-ttl', [a, b])).toMatchObject({ ok: true });
    const batchKey = `${prefix}s:{${s.sessionId}}:b:batch-ttl`;
    expect(await replicaA.get(batchKey)).toBe(`${a},${b}`);
    expect(await replicaA.call('EXPIRETIME', batchKey)).toBe(expirationUnix + RETENTION);
  });

  it('claims nothing of a batch with an unreserved, unknown, foreign or repeated member', async () => {
    const s = session();
    const other = session();
    await ledgerA.createSession(s);
    await ledgerA.createSession(other);
    const a = await reserved(s, 'nonce-a-0123456789');
    const released = await reserved(s, 'nonce-r-0123456789');
    const foreign = await reserved(other, 'nonce-f-0123456789');
    await ledgerA.release(s.sessionId, 'k-nonce-r-0123456789', 'test');
    expect(await ledgerA.claimForBatch(s.sessionId, 'b', [a, released])).toMatchObject({ ok: false, reason: 'charge_not_reserved', settlementId: released });
    expect(await ledgerA.claimForBatch(s.sessionId, 'b', [a, foreign])).toMatchObject({ ok: false, reason: 'charge_not_found', settlementId: foreign });
    expect(await ledgerA.claimForBatch(s.sessionId, 'b', [a, a])).toMatchObject({ ok: false, reason: 'batch_conflict' });
    expect(await ledgerA.claimForBatch(s.sessionId, 'b', [])).toMatchObject({ ok: false, reason: 'batch_empty' });
    expect(await ledgerA.claimForOwnTransfer(s.sessionId, 'k-nonce-r-0123456789')).toMatchObject({ ok: false, reason: 'charge_not_reserved' });
    // Refusals claimed nothing: the charge can still go its own way.
    expect(await ledgerA.claimForOwnTransfer(s.sessionId, 'k-nonce-a-0123456789')).toMatchObject({ ok: true });
  });
});
