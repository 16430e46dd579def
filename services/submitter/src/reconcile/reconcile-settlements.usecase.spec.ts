import { SettlementStatus, type SubmitSettlementRequest } from '@quietpay/contracts';
import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import type { OpenReservation, OpenReservations } from '../ports/open-reservations.port';
import type { StoredSettlement } from '../settlement/settlement.store';
import { type ReconcileDeps, ReconcileSettlements } from './reconcile-settlements.usecase';

// Every branch of one reconciler pass, with fakes of the store, the queue and the ledger's open
// reservations: what is forgotten, re-enqueued, flushed or released, and what is left alone.

const NOW = 1_000_000;

interface World {
  records: Map<string, { sessionId: string; status: SettlementStatus; createdAtMs: number }>;
  liveJobs: Set<string>;
  /** ensureJob answers false (a job exists already) for these. */
  alreadyQueued: Set<string>;
  reservations: OpenReservation[];
  claimed: Set<string>;
  calls: string[];
}

let w: World;

function stored(settlementId: string): StoredSettlement | undefined {
  const r = w.records.get(settlementId);
  if (!r) return undefined;
  return {
    record: {
      settlementId,
      sessionId: r.sessionId,
      idempotencyKey: `k-${settlementId}`,
      amount: '10',
      status: r.status,
      signature: '',
      failureReason: '',
      attempts: 0,
      updatedAtUnix: 0,
    },
    sent: undefined,
    createdAtMs: r.createdAtMs,
    verdict: undefined,
  };
}

function reconciler(options: { batched?: boolean; withReservations?: boolean } = {}): ReconcileSettlements {
  const store: ReconcileDeps['store'] = {
    openBefore: async (beforeMs) =>
      [...w.records.entries()].filter(([, r]) => r.createdAtMs < beforeMs).map(([settlementId, r]) => ({ settlementId, createdAtMs: r.createdAtMs })),
    get: async (id) => stored(id),
    forgetOpen: async (id) => void w.calls.push(`forget:${id}`),
    oldestOpenMs: async () => Math.min(...[...w.records.values()].map((r) => r.createdAtMs)),
  };
  const queue: ReconcileDeps['queue'] = {
    hasLiveJob: async (id) => w.liveJobs.has(id),
    ensureJob: async (request: SubmitSettlementRequest) => {
      w.calls.push(`job:${request.settlementId}:${request.sessionId}:${request.idempotencyKey}`);
      return !w.alreadyQueued.has(request.settlementId);
    },
    ensureFlush: async (sessionId) => void w.calls.push(`flush:${sessionId}`),
  };
  const reservations: OpenReservations = {
    listOlderThan: async (olderThanMs) => w.reservations.filter((r) => r.reservedAtMs < NOW - olderThanMs),
    releaseUnsubmitted: async (id, reason) => {
      w.calls.push(`release:${id}:${reason}`);
      return w.claimed.has(id) ? 'in_transfer' : 'released';
    },
  };
  return new ReconcileSettlements({
    store,
    queue,
    reservations: options.withReservations === false ? undefined : reservations,
    unsubmittedAfterMs: 60_000,
    batched: options.batched ?? false,
    logger: pino({ level: 'silent' }),
    now: () => NOW,
  });
}

const open = (id: string, sessionId: string, ageMs: number, status = SettlementStatus.SUBMITTED): void =>
  void w.records.set(id, { sessionId, status, createdAtMs: NOW - ageMs });

beforeEach(() => {
  w = { records: new Map(), liveJobs: new Set(), alreadyQueued: new Set(), reservations: [], claimed: new Set(), calls: [] };
});

describe('ReconcileSettlements.runOnce', () => {
  it('re-enqueues an open settlement past the bound that has no live job, with its own record', async () => {
    open('a', 's1', 120_000);
    const report = await reconciler().runOnce(60_000);
    expect(w.calls).toEqual(['job:a:s1:k-a']);
    expect(report).toMatchObject({ examined: 1, repaired: 1, repairedSettlementIds: ['a'], oldestOpenAgeSeconds: 120 });
  });

  it('leaves younger settlements and those with a live job alone', async () => {
    open('young', 's1', 10_000);
    open('busy', 's1', 120_000);
    w.liveJobs.add('busy');
    const report = await reconciler().runOnce(60_000);
    expect(w.calls).toEqual([]);
    expect(report).toMatchObject({ examined: 1, repaired: 0 });
  });

  it('does not count a settlement whose job another replica enqueued meanwhile', async () => {
    open('a', 's1', 120_000);
    w.alreadyQueued.add('a');
    expect((await reconciler().runOnce(60_000)).repaired).toBe(0);
  });

  it('forgets indexed settlements that finished or whose record is gone, and drives nothing for them', async () => {
    open('done', 's1', 120_000, SettlementStatus.SETTLED);
    open('failed', 's1', 120_000, SettlementStatus.FAILED);
    const report = await reconciler().runOnce(60_000);
    expect(w.calls).toEqual(['forget:done', 'forget:failed']);
    expect(report.repaired).toBe(0);
  });

  it('in batched mode schedules one flush per session, not a job per charge', async () => {
    open('a', 's1', 120_000);
    open('b', 's1', 110_000);
    open('c', 's2', 100_000);
    const report = await reconciler({ batched: true }).runOnce(60_000);
    expect(w.calls).toEqual(['flush:s1', 'flush:s2']);
    expect(report.repairedSettlementIds).toEqual(['a', 'c']);
  });

  it('releases a reservation no submitter ever recorded, as never_submitted', async () => {
    w.reservations = [{ settlementId: 'lost', sessionId: 's1', reservedAtMs: NOW - 120_000 }];
    const report = await reconciler().runOnce(60_000);
    expect(w.calls).toEqual(['release:lost:never_submitted']);
    expect(report.repairedSettlementIds).toEqual(['lost']);
  });

  it('never releases a reservation the submitter has a record of, nor counts one a transfer claimed meanwhile', async () => {
    open('known', 's1', 10_000);
    w.reservations = [
      { settlementId: 'known', sessionId: 's1', reservedAtMs: NOW - 120_000 },
      { settlementId: 'claimed', sessionId: 's1', reservedAtMs: NOW - 120_000 },
    ];
    w.claimed.add('claimed');
    const report = await reconciler().runOnce(60_000);
    expect(w.calls).toEqual(['release:claimed:never_submitted']);
    expect(report.repaired).toBe(0);
  });

  it('uses the unsubmitted bound for reservations, not the settlement bound', async () => {
    w.reservations = [{ settlementId: 'recent', sessionId: 's1', reservedAtMs: NOW - 30_000 }];
    await reconciler().runOnce(10_000);
    expect(w.calls).toEqual([]);
    await reconciler().runOnce(10_000, 20_000);
    expect(w.calls).toEqual(['release:recent:never_submitted']);
  });

  it('reconciles only its own records without the ledger port', async () => {
    w.reservations = [{ settlementId: 'lost', sessionId: 's1', reservedAtMs: 0 }];
    await reconciler({ withReservations: false }).runOnce(60_000);
    expect(w.calls).toEqual([]);
  });
});
