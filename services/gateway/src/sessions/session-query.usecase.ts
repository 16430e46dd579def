import { Injectable } from '@nestjs/common';
import { SessionLedgerClient } from '../ports/session-ledger.client';
import { type SessionView, toSessionView } from './session.view';

/** Reads and closes sessions; a missing one surfaces as the ledger's `session_not_found` (404). */
@Injectable()
export class SessionQueryUseCase {
  constructor(private readonly ledger: SessionLedgerClient) {}

  async get(sessionId: string): Promise<SessionView> {
    return toSessionView(await this.ledger.get(sessionId), Math.floor(Date.now() / 1000));
  }

  async close(sessionId: string, reason: string): Promise<SessionView> {
    return toSessionView(await this.ledger.close(sessionId, reason), Math.floor(Date.now() / 1000));
  }
}
