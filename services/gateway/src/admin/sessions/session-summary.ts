import type { Session, SessionListing } from '@quietpay/contracts';
import { QuietpayError } from '@quietpay/platform';
import { toSessionView } from '../../session-lifecycle/session.view';

/** A session as the admin API shows it (docs/admin-api.yaml SessionSummary). */
export interface SessionSummary {
  readonly sessionId: string;
  readonly payer: string;
  readonly recipient: string;
  readonly asset: string;
  readonly network: string;
  readonly state: 'active' | 'closed' | 'expired' | 'revoked' | 'suspended' | 'unknown';
  readonly cap: string;
  readonly spent: string;
  readonly remaining: string;
  readonly perCallLimit: string;
  readonly expirationUnix: number;
  readonly createdAtMs: number;
  readonly approveTxSignature: string;
  readonly legacy: boolean;
}

export function toSessionSummary(listing: SessionListing, nowUnix: number): SessionSummary {
  // Required in the contract (the reply codec refuses a listing without it).
  if (listing.session === undefined) throw new QuietpayError('bus_bad_reply', 'session listing without its session');
  return summaryOf(listing.session, listing.legacy, Number(listing.createdAtMs), nowUnix);
}

function summaryOf(session: Session, legacy: boolean, createdAtMs: number, nowUnix: number): SessionSummary {
  const view = toSessionView(session, nowUnix);
  return {
    sessionId: view.sessionId,
    payer: view.user,
    recipient: view.recipient,
    asset: view.asset,
    network: view.network,
    state: view.status,
    cap: view.cap,
    spent: view.spent,
    remaining: view.remaining,
    perCallLimit: view.perCallLimit,
    expirationUnix: view.expirationUnix,
    createdAtMs,
    approveTxSignature: view.approveTxSignature,
    legacy,
  };
}
