/** Session status as stored; only `active` sessions may be charged. */
export type SessionStatus = 'active' | 'revoked' | 'closed' | 'suspended';

/** A session as the ledger stores it. Amounts are base units as decimal strings. */
export interface SessionRecord {
  sessionId: string;
  user: string;
  spender: string;
  asset: string;
  recipient: string;
  network: string;
  cap: string;
  spent: string;
  perCallLimit: string;
  expirationUnix: number;
  sessionPubkey: string;
  sourceAccount: string;
  approveTxSignature: string;
  status: SessionStatus;
  createdAtMs: number;
  /** Opened in the seed's shape (no session key): pays only with legacy payloads, and only those. */
  legacy: boolean;
}

/** What never changes once a session is open: safe to keep in memory (LedgerRepository.sessionTerms). */
export type SessionTerms = Pick<SessionRecord, 'sessionId' | 'user' | 'sessionPubkey' | 'cap' | 'expirationUnix' | 'legacy'>;

/** What a call asks to be charged for; every field is checked against the session. */
export interface ChargeRequest {
  sessionId: string;
  amount: bigint;
  nonce: string;
  payTo: string;
  asset: string;
  network: string;
  /** Unique per charge; the same key again returns the same charge, for the same payload only. */
  idempotencyKey: string;
  /** Hash of what the payer signed (payment-fingerprint.ts); binds the key to one payload. */
  fingerprint: string;
  /** Who serves the call if it is answered success; claimed at once when `claimServe`. */
  serveToken?: string;
  claimServe?: boolean;
}

export type ChargeRejection =
  | 'session_not_found'
  | 'session_revoked'
  | 'session_closed'
  | 'session_suspended'
  | 'session_expired'
  | 'recipient_mismatch'
  | 'asset_mismatch'
  | 'invalid_network'
  | 'per_call_limit_exceeded'
  | 'nonce_replayed'
  | 'cap_exceeded'
  | 'invalid_amount'
  | 'amount_below_minimum'
  | 'facilitator_budget_exhausted'
  | 'idempotency_conflict';

export type ChargeState = 'reserved' | 'settled' | 'released';

export interface ChargeRecord {
  chargeId: string;
  sessionId: string;
  idempotencyKey: string;
  amount: string;
  nonce: string;
  state: ChargeState;
  signature: string;
  reason: string;
}

export type VerifyOutcome = { ok: true; remaining: bigint } | { ok: false; reason: ChargeRejection };

export type ReserveOutcome = { ok: true; charge: ChargeRecord; duplicate: boolean; spent: bigint } | { ok: false; reason: ChargeRejection };

/** A verified call counted against its session's rate limit: admitted, or over it until `retryAfterMs`. */
export type CallAdmission = { ok: true } | { ok: false; retryAfterMs: number };
