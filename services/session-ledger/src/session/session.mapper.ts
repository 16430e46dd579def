import { SessionStatus, type Session, type SessionListing } from '@quietpay/contracts';
import type { ListedSession } from '../ledger/ledger-listing';
import type { SessionRecord } from '../ledger/ledger.types';

/** The stored session as the contract's Session; an active session past its expiry reads as expired. */
export function toSessionMessage(record: SessionRecord, nowUnix: number): Session {
  return {
    sessionId: record.sessionId,
    user: record.user,
    spender: record.spender,
    asset: record.asset,
    recipient: record.recipient,
    cap: record.cap,
    spent: record.spent,
    perCallLimit: record.perCallLimit,
    expirationUnix: record.expirationUnix,
    network: record.network,
    approveTxSignature: record.approveTxSignature,
    sessionPublicKey: record.sessionPubkey,
    status: statusOf(record, nowUnix),
    createdAtUnix: Math.floor(record.createdAtMs / 1000),
    sourceAccount: record.sourceAccount,
    legacy: record.legacy,
  };
}

function statusOf(record: SessionRecord, nowUnix: number): SessionStatus {
  switch (record.status) {
    case 'active':
      return nowUnix >= record.expirationUnix ? SessionStatus.EXPIRED : SessionStatus.ACTIVE;
    case 'revoked':
      return SessionStatus.REVOKED;
    case 'closed':
      return SessionStatus.CLOSED;
    case 'suspended':
      return SessionStatus.SUSPENDED;
  }
}

/** A listed session (ledger-listing.ts) as the operator views' SessionListing. */
export function toSessionListing(listed: ListedSession, nowUnix: number): SessionListing {
  return { session: toSessionMessage(listed.record, nowUnix), legacy: listed.legacy, createdAtMs: String(listed.record.createdAtMs) };
}
