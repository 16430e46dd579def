import type { SettlementFailureReason } from '@quietpay/platform';
import type { SentAttempt, StoredSettlement } from '../settlement/settlement.store';

/**
 * The submitter's own record of each settlement (adapter: settlement/settlement.store.ts, Redis):
 * its status, the last transaction sent for it, and the verdict reached before the ledger and the
 * event stream were told, so a retry after a crash repeats only what is left.
 */
export interface SettlementRecords {
  get(settlementId: string): Promise<StoredSettlement | undefined>;
  countAttempt(settlementId: string): Promise<void>;
  markSending(settlementId: string, sent: SentAttempt): Promise<void>;
  markRefused(settlementId: string): Promise<void>;
  markInFlight(settlementId: string): Promise<void>;
  /** The transfer landed: from here on only the bookkeeping is left, never a failure. */
  markLanded(settlementId: string, signature: string, slot: number | undefined): Promise<void>;
  /** Nothing sent for it can land any more and it is being released for `reason`. */
  markReleasing(settlementId: string, reason: SettlementFailureReason, detail: string): Promise<void>;
  markSettled(settlementId: string, signature: string): Promise<void>;
  markFailed(settlementId: string, reason: SettlementFailureReason): Promise<void>;
}

export const SETTLEMENT_RECORDS = Symbol('SettlementRecords');
