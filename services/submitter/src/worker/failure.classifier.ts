import { isSettlementFailureReason, type PlatformErrorCode, QuietpayError, type SettlementFailureReason } from '@quietpay/platform';

/**
 * What to do after an attempt step failed:
 * - `blockhash_expired`: the transaction can no longer land; rebuild and re-sign.
 * - `retryable`: transient (RPC down, rate limited, bus timeout); retry the job with backoff.
 * - `terminal`: retrying the same settlement cannot succeed; release the charge.
 */
export type FailureKind = 'blockhash_expired' | 'retryable' | 'terminal';

export interface ClassifiedFailure {
  readonly kind: FailureKind;
  /** Stable reason code recorded on the settlement and in `settlement.failed.v1`. */
  readonly reason: SettlementFailureReason;
  readonly detail: string;
}

const UNKNOWN_PEER_FAILURES: ReadonlySet<string> = new Set<PlatformErrorCode>(['internal', 'bus_bad_reply']);

const EXPIRED = /blockhash not found|blockhashnotfound|block height exceeded|blockheightexceeded|transactionexpired/i;
const TRANSIENT = /fetch failed|econnrefused|econnreset|etimedout|socket hang up|too many requests|\b429\b|\b50[234]\b|node is behind|timed out/i;
const INSUFFICIENT_FUNDS = /insufficient funds|insufficientfunds|custom program error: 0x1771\b|"Custom":6001/i;
const ON_CHAIN = /transaction simulation failed|instructionerror|custom program error|invalid account|accountnotfound|signature verification failed/i;

// Anchor 2006 (ConstraintSeeds) from Inco Lightning's allowance step: the allowance PDAs were
// derived from balance handles that another settlement touching the same account changed
// before this transaction ran. The transaction reverted as a whole, so a rebuild is safe.
const STALE_HANDLES = /custom program error: 0x7d6\b|"Custom":\s*2006\b/i;

/**
 * True when a failed or refused transfer failed only because a balance handle moved under it
 * (see STALE_HANDLES). The transfer lock (per source and per destination) prevents it among this
 * facilitator's own transfers; anyone else writing to either account can still cause it.
 */
export function isStaleHandlesFailure(detail: string): boolean {
  return STALE_HANDLES.test(detail);
}

/**
 * Classifies an error from building, signing, sending or confirming a settlement. Coded errors
 * from other services carry their own `retryable`; RPC errors are plain text and are matched.
 */
export function classifyFailure(error: unknown): ClassifiedFailure {
  if (error instanceof QuietpayError) {
    // A peer's internal failure or an unreadable reply says nothing about the payment: retry
    // (bounded by the settlement's deadline) rather than release on a bug or a half-restarted peer.
    const terminal = !error.retryable && !UNKNOWN_PEER_FAILURES.has(error.code);
    const kind = terminal ? 'terminal' : 'retryable';
    if (isSettlementFailureReason(error.code)) return { kind, reason: error.code, detail: error.message };
    // A code no declared set holds (a newer peer's): recorded as unexpected_error, the code kept in the detail.
    return { kind, reason: 'unexpected_error', detail: `${error.code}: ${error.message}` };
  }
  const detail = error instanceof Error ? error.message : String(error);
  if (EXPIRED.test(detail)) return { kind: 'blockhash_expired', reason: 'blockhash_expired', detail };
  if (INSUFFICIENT_FUNDS.test(detail)) return { kind: 'terminal', reason: 'insufficient_funds', detail };
  if (ON_CHAIN.test(detail)) return { kind: 'terminal', reason: 'transaction_failed', detail };
  if (TRANSIENT.test(detail)) return { kind: 'retryable', reason: 'rpc_unavailable', detail };
  // Unknown failures are retried: a terminal verdict releases the charge, which must never
  // happen for a transaction that may still land. The settlement's deadline bounds the retries.
  return { kind: 'retryable', reason: 'unexpected_error', detail };
}
