import { type Charge, ChargeState, type SettlementRecord, SettlementStatus, type SubmitSettlementRequest } from '@quietpay/contracts';
import { describe, expect, it } from 'vitest';
import type { Batch, BatchStore } from './batch.store';
import type { CoalescedFlushes } from './coalesced-flushes';
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
});
