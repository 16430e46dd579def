import type { Session, SessionOpened } from '@quietpay/contracts';

/**
 * The `session.opened` event of a session: its id and lifetime only. The event sits in JetStream
 * for the stream's retention, so the payer, recipient and cap stay in the ledger (session.get).
 *
 * @example
 * await events.publish(SessionOpenedV1, sessionOpenedEvent(session, now), `session-opened:${session.sessionId}`);
 */
export function sessionOpenedEvent(session: Session, nowUnix: number): SessionOpened {
  return { sessionId: session.sessionId, expirationUnix: session.expirationUnix, openedAtUnix: nowUnix };
}
