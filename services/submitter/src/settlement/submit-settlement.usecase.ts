import { Charge, SettlementStatus, SubmissionReceipt, SubmitSettlementRequest } from '@quietpay/contracts';
import { BatchStore } from './batch.store';
import { CoalescedFlushes } from './coalesced-flushes';
import { FinishedSettlements } from './finished-settlements';
import { checkAgainstReservation } from './reservation.check';
import { SettlementQueue } from './settlement.queue';
import { SettlementStore, StoredSettlement } from './settlement.store';
import { submitterError } from '../submitter.errors';

const FINISHED = new Set([SettlementStatus.SETTLED, SettlementStatus.FAILED]);

/**
 * Accepts a settlement once per id, and only for a charge session-ledger reserved with that
 * session and amount (reservation.check.ts): a bus peer cannot make the submitter settle what the
 * ledger never reserved. The Redis record is created atomically (first submit wins)
 * and the BullMQ job id is the settlement id. In per-call mode the reply waits, bounded, for the
 * outcome; when the bound passes it answers with the current (pending) status.
 */
export class SubmitSettlementUseCase {
  constructor(
    private readonly store: SettlementStore,
    private readonly ledger: { charge(settlementId: string): Promise<Charge> },
    private readonly queue: SettlementQueue,
    private readonly waitMs: number,
    private readonly pollMs: number,
    /**
     * Batched mode: the charge joins its session's pending list and the window's flush. Coalesced
     * per-call mode: the same list, flushed as soon as the source is free (`coalesced`).
     */
    private readonly batching?: { readonly batches: BatchStore; readonly windowMs: number; readonly coalesced?: CoalescedFlushes },
    /** Wakes a waiting submit when this process's worker finished its record (the poll stays the fallback). */
    private readonly finishes: Pick<FinishedSettlements, 'watch'> = new FinishedSettlements(),
  ) {}

  async execute(request: SubmitSettlementRequest): Promise<SubmissionReceipt> {
    if (!/^\d+$/.test(request.amount) || request.amount === '0') {
      throw submitterError('invalid_payload', 'amount must be a positive integer of base units', { context: { settlementId: request.settlementId } });
    }
    // A known id is answered from its record (a retry of an accepted submit); a new one only
    // once the ledger confirms the reservation.
    if (!(await this.store.get(request.settlementId))) checkAgainstReservation(request, await this.ledger.charge(request.settlementId));
    const created = await this.store.create(
      {
        settlementId: request.settlementId,
        sessionId: request.sessionId,
        idempotencyKey: request.idempotencyKey,
        amount: request.amount,
        status: SettlementStatus.QUEUED,
        signature: '',
        failureReason: '',
      },
      this.batching?.batches.pendingKey(request.sessionId),
    );
    let stored = await this.read(request.settlementId);
    // Also for duplicates: if the first submit died between record and job, this re-creates the
    // job; BullMQ ignores an id it already holds, and the worker skips a finished settlement.
    if (!FINISHED.has(stored.record.status)) await this.enqueue(request, created);
    if (request.waitForConfirmation) stored = await this.waitForOutcome(request.settlementId, stored);
    const { record } = stored;
    const settled = record.status === SettlementStatus.SETTLED;
    const transfer = settled ? await this.transferOf(stored) : undefined;
    return {
      settlementId: record.settlementId,
      accepted: true,
      duplicate: !created,
      status: record.status,
      signature: settled ? record.signature : '',
      failureReason: record.failureReason,
      transferAmount: transfer?.amount ?? '0',
      transferCharges: transfer?.charges ?? 0,
    };
  }

  private async enqueue(request: SubmitSettlementRequest, created: boolean): Promise<void> {
    const batching = this.batching;
    if (batching?.coalesced) return batching.coalesced.schedule(request.sessionId, { force: !created });
    if (batching) return this.queue.ensureFlush(request.sessionId, batching.windowMs);
    await this.queue.ensureJob(request);
  }

  /** The transfer that settled the charge: its batch's sum and size, or the charge alone. */
  private async transferOf(stored: StoredSettlement): Promise<{ amount: string; charges: number } | undefined> {
    if (stored.batchId === undefined) return { amount: stored.record.amount, charges: 1 };
    const batch = await this.batching?.batches.get(stored.batchId);
    return batch === undefined ? undefined : { amount: batch.amount, charges: batch.members.length };
  }

  private async waitForOutcome(settlementId: string, initial: StoredSettlement): Promise<StoredSettlement> {
    const deadline = Date.now() + this.waitMs;
    if (FINISHED.has(initial.record.status)) return initial;
    const watch = this.finishes.watch(settlementId);
    try {
      // Watching before this read: a finish written after it still ends the sleep that follows.
      let current = await this.read(settlementId);
      while (!FINISHED.has(current.record.status) && Date.now() < deadline) {
        await watch.sleep(Math.min(this.pollMs, Math.max(0, deadline - Date.now())));
        current = await this.read(settlementId);
      }
      return current;
    } finally {
      watch.close();
    }
  }

  private async read(settlementId: string): Promise<StoredSettlement> {
    const stored = await this.store.get(settlementId);
    if (!stored)
      throw submitterError('settlement_not_found', 'settlement record vanished', {
        // Retryable although the code's class is not: the record was written moments ago (the gateway retries the submit).
        retryable: true,
        context: { settlementId },
      });
    return stored;
  }
}
