import { type Session, SessionStatus } from '@quietpay/contracts';

/** The HTTP shape of a session: the seed's fields plus what quietpay adds. */
export interface SessionView {
  readonly sessionId: string;
  readonly user: string;
  readonly spender: string;
  readonly asset: string;
  readonly recipient: string;
  readonly cap: string;
  readonly spent: string;
  readonly remaining: string;
  readonly perCallLimit: string;
  readonly expirationUnix: number;
  readonly network: string;
  readonly approveTxSignature: string;
  readonly sessionPublicKey: string;
  readonly status: 'active' | 'closed' | 'expired' | 'revoked' | 'suspended' | 'unknown';
  /** Opened in the seed's shape (legacy mode): paid only with the seed's unsigned payloads. */
  readonly legacy: boolean;
}

export function toSessionView(session: Session, nowUnix: number): SessionView {
  const cap = BigInt(session.cap || '0');
  const spent = BigInt(session.spent || '0');
  const status = statusOf(session.status);
  return {
    sessionId: session.sessionId,
    user: session.user,
    spender: session.spender,
    asset: session.asset,
    recipient: session.recipient,
    cap: cap.toString(),
    spent: spent.toString(),
    remaining: (cap > spent ? cap - spent : 0n).toString(),
    perCallLimit: session.perCallLimit || '0',
    expirationUnix: session.expirationUnix,
    network: session.network,
    approveTxSignature: session.approveTxSignature,
    sessionPublicKey: session.sessionPublicKey,
    // The ledger may not have swept an expired session yet; report what a payment would meet.
    status: status === 'active' && session.expirationUnix <= nowUnix ? 'expired' : status,
    legacy: session.legacy,
  };
}

function statusOf(status: SessionStatus): SessionView['status'] {
  switch (status) {
    case SessionStatus.ACTIVE:
      return 'active';
    case SessionStatus.CLOSED:
      return 'closed';
    case SessionStatus.EXPIRED:
      return 'expired';
    case SessionStatus.REVOKED:
      return 'revoked';
    case SessionStatus.SUSPENDED:
      return 'suspended';
    case SessionStatus.UNSPECIFIED:
      return 'unknown';
  }
}
