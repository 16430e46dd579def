import { Injectable } from '@nestjs/common';
import { ApiError } from '../http/api-error';
import { SessionLedgerClient } from '../ports/session-ledger.client';
import type { CloseSessionBody } from './open-session.body';
import { type SessionView, toSessionView } from './session.view';

// session-ledger's refusals of a close without a valid, fresh, unused session-key proof: all "not
// authorised" (401); the session is left as it was.
/** Reads and closes sessions; a missing one surfaces as the ledger's `session_not_found` (404). */
@Injectable()
export class SessionQueryUseCase {
  constructor(private readonly ledger: SessionLedgerClient) {}

  async get(sessionId: string): Promise<SessionView> {
    return toSessionView(await this.ledger.get(sessionId), Math.floor(Date.now() / 1000));
  }

  /**
   * Closes a session for the holder of its session key. The gateway only checks the proof is
   * there; session-ledger verifies it against the key bound at open and claims it once.
   */
  async close(sessionId: string, body: CloseSessionBody): Promise<SessionView> {
    const { signature, timestampUnix } = body;
    if (signature === undefined || signature === '' || timestampUnix === undefined) {
      throw new ApiError('bad_close_signature', 'closing a session needs timestampUnix and a signature by its session key');
    }
    // The ledger's refusals (bad_close_signature, stale_close_request, close_replayed) are 401 in
    // the gateway's one code table (http/api-error-code.ts).
    const session = await this.ledger.close({ sessionId, reason: body.reason ?? 'user_closed', timestampUnix, signature });
    return toSessionView(session, Math.floor(Date.now() / 1000));
  }
}
