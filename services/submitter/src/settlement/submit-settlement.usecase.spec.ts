import { type Charge, ChargeState, type SettlementRecord, SettlementStatus, type SubmitSettlementRequest } from '@quietpay/contracts';
import { describe, expect, it, vi } from 'vitest';
import type { Batch, BatchStore } from './batch.store';
import type { CoalescedFlushes } from './coalesced-flushes';
import { FinishedSettlements } from './finished-settlements';
import type { SettlementQueue } from './settlement.queue';
import type { SettlementStore, StoredSettlement } from './settlement.store';
import { SubmitSettlementUseCase } from './submit-settlement.usecase';

const request: SubmitSettlementRequest = { settlementId: 's1.c1', idempotencyKey: 'k', sessionId: 's1', amount: '1000', waitForConfirmation: false };
const reserved: Charge = {
  settlementId: 's1.c1',
  sessionId: 's1',
  idempotencyKey: 'k',
  amount: '1000',
  state: ChargeState.RESERVED,
  spent: '1000',
  cap: '1000000',
  duplicate: false,
  payer: 'u',
};

/** An in-memory record store: `create` keeps the first record, and `settle` plays the worker's verdict. */
function fakeStore(): { store: SettlementStore; settle(batchId?: string): void; pendingKeys: (string | undefined)[] } {
  let stored: StoredSettlement | undefined;
  const pendingKeys: (string | undefined)[] = [];
  const store = {
    get: async () => stored,
    create: async (record: Omit<SettlementRecord, 'updatedAtUnix' | 'attempts'>, pendingKey?: string) => {
      pendingKeys.push(pendingKey);
      if (stored) return false;
      stored = { record: { ...record, attempts: 0, updatedAtUnix: 0 }, sent: undefined, createdAtMs: 0, verdict: undefined };
      return true;
    },
  } as unknown as SettlementStore;
  return {
    store,
    pendingKeys,
    settle: (batchId) => {
      if (!stored) throw new Error('no record');
      stored = { ...stored, record: { ...stored.record, status: SettlementStatus.SETTLED, signature: 'sig' }, batchId };
    },
  };
}

function fakeBatching(batch?: Partial<Batch>) {
  const scheduled: { sessionId: string; force: boolean }[] = [];
  const batches = {
    pendingKey: (sessionId: string) => `pending:${sessionId}`,
    get: async () => (batch ? ({ batchId: 'b1', sessionId: 's1', amount: '0', members: [], ...batch } as Batch) : undefined),
  } as unknown as BatchStore;
  const coalesced = {
    schedule: async (sessionId: string, options: { force: boolean }) => void scheduled.push({ sessionId, force: options.force }),
  } as unknown as CoalescedFlushes;
  return { batches, coalesced, scheduled };
}

const queue = { ensureJob: async () => true, ensureFlush: async () => undefined } as unknown as SettlementQueue;

function recordingQueue(): { queue: SettlementQueue; calls: string[] } {
  const calls: string[] = [];
  const recording = {
    ensureJob: async (r: SubmitSettlementRequest) => (calls.push(`job:${r.settlementId}`), true),
    ensureFlush: async (sessionId: string, delayMs: number) => void calls.push(`flush:${sessionId}:${delayMs}`),
  };
  return { queue: recording as unknown as SettlementQueue, calls };
}
const ledger = { charge: async () => reserved };

describe('SubmitSettlementUseCase', () => {
  it('coalesced: a new charge joins the pending list and schedules its session flush; a retried submit forces one', async () => {
    const { store, pendingKeys } = fakeStore();
    const { batches, coalesced, scheduled } = fakeBatching();
    const submit = new SubmitSettlementUseCase(store, ledger, queue, 0, 1, { batches, windowMs: 0, coalesced });
    expect((await submit.execute(request)).duplicate).toBe(false);
    expect((await submit.execute(request)).duplicate).toBe(true);
    expect(pendingKeys).toEqual(['pending:s1', 'pending:s1']);
    expect(scheduled).toEqual([
      { sessionId: 's1', force: false },
      { sessionId: 's1', force: true },
    ]);
  });

  it("a settled batch member's receipt gives the transfer's total and size; its own amount is the share", async () => {
    const fake = fakeStore();
    const { batches, coalesced } = fakeBatching({ amount: '5000', members: ['s1.c1', 's1.c2', 's1.c3', 's1.c4', 's1.c5'] });
    const submit = new SubmitSettlementUseCase(fake.store, ledger, queue, 0, 1, { batches, windowMs: 0, coalesced });
    await submit.execute(request);
    fake.settle('b1');
    expect(await submit.execute(request)).toMatchObject({ status: SettlementStatus.SETTLED, signature: 'sig', transferAmount: '5000', transferCharges: 5 });
  });

  it('a charge settled by its own transfer (single) is the whole transfer; an unsettled one has no share yet', async () => {
    const fake = fakeStore();
    const submit = new SubmitSettlementUseCase(fake.store, ledger, queue, 0, 1);
    expect(await submit.execute(request)).toMatchObject({ status: SettlementStatus.QUEUED, signature: '', transferAmount: '0', transferCharges: 0 });
    fake.settle();
    expect(await submit.execute(request)).toMatchObject({ transferAmount: '1000', transferCharges: 1 });
  });

  it('refuses an amount that is not a positive integer before asking the ledger or recording anything', async () => {
    const fake = fakeStore();
    const asked: string[] = [];
    const submit = new SubmitSettlementUseCase(fake.store, { charge: async (id) => (asked.push(id), reserved) }, queue, 0, 1);
    for (const amount of ['0', '-1', '1.5', '', '1e3']) {
      await expect(submit.execute({ ...request, amount }), amount).rejects.toMatchObject({ code: 'invalid_payload', retryable: false });
    }
    expect(asked).toEqual([]);
    expect(fake.pendingKeys).toEqual([]);
  });

  it('records and enqueues nothing for a charge the ledger does not hold reserved with this session and amount', async () => {
    const jobs = recordingQueue();
    for (const [charge, code] of [
      [{ ...reserved, state: ChargeState.RELEASED }, 'charge_not_reserved'],
      [{ ...reserved, amount: '999' }, 'settlement_mismatch'],
    ] as const) {
      const fake = fakeStore();
      const submit = new SubmitSettlementUseCase(fake.store, { charge: async () => charge }, jobs.queue, 0, 1);
      await expect(submit.execute(request)).rejects.toMatchObject({ code, retryable: false });
      expect(fake.pendingKeys).toEqual([]);
    }
    expect(jobs.calls).toEqual([]);
  });

  it('answers a retried submit from its record without asking the ledger again (the ledger may be down)', async () => {
    const fake = fakeStore();
    let ledgerUp = true;
    const submit = new SubmitSettlementUseCase(
      fake.store,
      {
        charge: async () => {
          if (!ledgerUp) throw new Error('ledger down');
          return reserved;
        },
      },
      queue,
      0,
      1,
    );
    await submit.execute(request);
    ledgerUp = false;
    await expect(submit.execute(request)).resolves.toMatchObject({ accepted: true, duplicate: true });
  });

  it('per call: one job per charge, re-created for a duplicate submit until the settlement finished', async () => {
    const fake = fakeStore();
    const jobs = recordingQueue();
    const submit = new SubmitSettlementUseCase(fake.store, ledger, jobs.queue, 0, 1);
    await submit.execute(request);
    await submit.execute(request);
    fake.settle();
    await submit.execute(request);
    expect(jobs.calls).toEqual(['job:s1.c1', 'job:s1.c1']);
  });

  it("batched: the charge joins the session's pending list and its flush runs after the window", async () => {
    const fake = fakeStore();
    const jobs = recordingQueue();
    const { batches } = fakeBatching();
    const submit = new SubmitSettlementUseCase(fake.store, ledger, jobs.queue, 0, 1, { batches, windowMs: 250 });
    await submit.execute(request);
    expect(fake.pendingKeys).toEqual(['pending:s1']);
    expect(jobs.calls).toEqual(['flush:s1:250']);
  });

  it("waits for the worker's verdict when asked to, and answers the pending status once the bound passes", async () => {
    const fake = fakeStore();
    const waiting = new SubmitSettlementUseCase(fake.store, ledger, queue, 5_000, 1);
    const answer = waiting.execute({ ...request, waitForConfirmation: true });
    setTimeout(() => fake.settle(), 5);
    await expect(answer).resolves.toMatchObject({ status: SettlementStatus.SETTLED, signature: 'sig' });

    const other = fakeStore();
    const bounded = new SubmitSettlementUseCase(other.store, ledger, queue, 10, 1);
    await expect(bounded.execute({ ...request, waitForConfirmation: true })).resolves.toMatchObject({ status: SettlementStatus.QUEUED, signature: '' });
  });

  it('answers as soon as the worker wrote the verdict in this process, without waiting out its poll', async () => {
    vi.useFakeTimers();
    try {
      const fake = fakeStore();
      const finishes = new FinishedSettlements();
      // A poll as long as the wait: only the wake-up can answer before the bound.
      const waiting = new SubmitSettlementUseCase(fake.store, ledger, queue, 60_000, 60_000, undefined, finishes);
      const answer = waiting.execute({ ...request, waitForConfirmation: true });
      let answered: unknown;
      void answer.then((a) => (answered = a));
      await vi.advanceTimersByTimeAsync(0);
      expect(answered).toBeUndefined();
      fake.settle();
      finishes.finished(request.settlementId);
      await vi.advanceTimersByTimeAsync(0);
      expect(answered).toMatchObject({ status: SettlementStatus.SETTLED, signature: 'sig' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('a wake-up is only a hint: the record still decides (a finish of another id or a stale one changes nothing)', async () => {
    vi.useFakeTimers();
    try {
      const fake = fakeStore();
      const finishes = new FinishedSettlements();
      const waiting = new SubmitSettlementUseCase(fake.store, ledger, queue, 60_000, 60_000, undefined, finishes);
      let answered: unknown;
      void waiting.execute({ ...request, waitForConfirmation: true }).then((a) => (answered = a));
      await vi.advanceTimersByTimeAsync(0);
      finishes.finished('s1.other');
      finishes.finished(request.settlementId);
      await vi.advanceTimersByTimeAsync(0);
      expect(answered).toBeUndefined();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(answered).toMatchObject({ status: SettlementStatus.QUEUED, signature: '' });
    } finally {
      vi.useRealTimers();
    }
  });
});
