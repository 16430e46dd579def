/**
 * Redis keys of one session. The `{sessionId}` hash tag keeps all of a session's keys in one
 * cluster slot, which the Lua scripts need (they touch several keys atomically).
 */
export interface LedgerKeys {
  session: string;
  nonce(nonce: string): string;
  charge(idempotencyKey: string): string;
  /** Hash: charge (settlement) id -> idempotency key, so commit/release can find a charge by id. */
  settlements: string;
  /** Prefix of every charge key (what `charge` appends the idempotency key to), for Lua loops. */
  chargePrefix: string;
  /** String: the member settlement ids a batch was first authorized with. */
  batch(batchId: string): string;
  /** Hash: a transfer's attempt record (batch-transaction.lua.ts): a batch's, or a per-call charge's own. */
  transferAttempt(transfer: TransferRef): string;
  /** Counter: verified paid calls in the current rate-limit window. */
  callWindow: string;
}

/**
 * Sorted set of every reserved charge (settlement id, scored by reservation time in ms), for the
 * reconciler. The one ledger key outside a session's slot: under Redis Cluster it would need a
 * per-slot index; the ledger runs on one primary today.
 */
export function openChargesKey(prefix: string): string {
  return `${prefix}open-charges`;
}

/** One transfer the ledger authorizes: a batch of charges, or one charge paid by its own (per-call) transfer. */
export type TransferRef = { readonly batchId: string } | { readonly ownChargeOf: string };

export function ledgerKeys(prefix: string, sessionId: string): LedgerKeys {
  const base = `${prefix}s:{${sessionId}}`;
  return {
    session: base,
    nonce: (nonce) => `${base}:n:${nonce}`,
    charge: (idempotencyKey) => `${base}:c:${idempotencyKey}`,
    settlements: `${base}:st`,
    chargePrefix: `${base}:c:`,
    batch: (batchId) => `${base}:b:${batchId}`,
    transferAttempt: (transfer) => ('batchId' in transfer ? `${base}:b:${transfer.batchId}:tx` : `${base}:ot:${transfer.ownChargeOf}`),
    callWindow: `${base}:rl`,
  };
}
