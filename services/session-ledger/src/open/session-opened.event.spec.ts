import { SessionOpenedV1, SessionStatus, type Session } from '@quietpay/contracts';
import { describe, expect, it } from 'vitest';
import { sessionOpenedEvent } from './session-opened.event';

describe('sessionOpenedEvent', () => {
  const session: Session = {
    sessionId: 'sess_1',
    user: 'PayerWallet1111111111111111111111111111111',
    spender: 'Facilitator11111111111111111111111111111111',
    asset: 'Mint111111111111111111111111111111111111111',
    recipient: 'Merchant1111111111111111111111111111111111',
    cap: '5000000',
    spent: '0',
    perCallLimit: '100000',
    expirationUnix: 1_800_000_000,
    network: 'solana:localnet',
    approveTxSignature: '5'.repeat(88),
    sessionPublicKey: 'SessionKey11111111111111111111111111111111',
    status: SessionStatus.ACTIVE,
    createdAtUnix: 1_700_000_000,
    sourceAccount: 'Source111111111111111111111111111111111111',
  } as Session;

  it('carries the id and lifetime only: no payer, recipient, cap or keys', () => {
    const event = sessionOpenedEvent(session, 1_700_000_001);
    expect(event).toEqual({ sessionId: 'sess_1', expirationUnix: 1_800_000_000, openedAtUnix: 1_700_000_001 });
    const wire = JSON.stringify(SessionOpenedV1.payload.encode(event));
    for (const secretish of [session.user, session.recipient, session.cap, session.sourceAccount, session.sessionPublicKey, session.spender]) {
      expect(wire).not.toContain(secretish);
    }
  });
});
