import type { SettlementFailureReason } from '@quietpay/platform';
import type { SettlementStatus } from '@quietpay/contracts';
import type { Batch } from '../settlement/batch.store';
import type { SentAttempt } from '../settlement/settlement.store';

/**
 * The submitter's record of each session's batches (adapter: settlement/batch.store.ts, Redis;
 * wired by factory in submitter.providers.ts, so no token): the pending list, the ordered set of open
 * batches and their members, the transaction sent for each and the verdict reached.
 */
export interface BatchRecords {
  /** A flush job of the session starts, before it looks at the source lock or the pending list. */
  flushStarting(sessionId: string): Promise<void>;
  pendingCount(sessionId: string): Promise<number>;
  /** The session's open batches, oldest first. */
  openBatches(sessionId: string): Promise<string[]>;
  /** A new batch formed from its pending charges (atomically); undefined when none are pending or `depth` batches are open. */
  formNext(sessionId: string, newBatchId: string, maxSize: number, depth: number): Promise<string | undefined>;
  get(batchId: string): Promise<Batch | undefined>;
  /** Recorded before sending: a resumed flush checks this signature on chain first. */
  markSending(batchId: string, sent: SentAttempt): Promise<void>;
  markLanded(batchId: string, signature: string, slot: number | undefined): Promise<void>;
  markReleasing(batchId: string, reason: SettlementFailureReason, detail: string): Promise<void>;
  /** The flush awaiting the batch's confirmation outside the source lock is alive until `untilMs`. */
  markAwaited(batchId: string, untilMs: number): Promise<void>;
  setInFlight(batchId: string, inFlight: boolean): Promise<void>;
  /** Closes the batch and takes it out of the session's open set. `reason`: '' when settled. */
  close(batch: Batch, status: SettlementStatus.SETTLED | SettlementStatus.FAILED, signature: string, reason: SettlementFailureReason | ''): Promise<void>;
}
