import { Inject, Injectable } from '@nestjs/common';
import { SessionClosedV1, type CloseSessionRequest, type Session } from '@quietpay/contracts';
import { EventBus, QuietpayError } from '@quietpay/platform';
import { LedgerRepository } from '../ledger/ledger.repository';
import type { SessionStatus } from '../ledger/ledger.types';
import { CLOCK, type Clock } from '../shared/clock';
import { toSessionMessage } from './session.mapper';

// Reasons that end a session against its terms (the user withdrew, or the chain disagrees with
// what was signed) read as `session_revoked`; every other reason is an orderly close.
const REVOKING_REASONS: ReadonlySet<string> = new Set(['user_revoked', 'revoked', 'cap_mismatch']);

/**
 * Ends a session: no further charge passes the Lua checks. Charges already reserved still
 * settle or release. Closing an ended session is a no-op that reports it as it stands.
 */
@Injectable()
export class CloseSessionUseCase {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly events: EventBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(request: CloseSessionRequest): Promise<Session> {
    const { sessionId, reason } = request;
    const record = await this.ledger.getSession(sessionId);
    if (!record) throw new QuietpayError('session_not_found', 'no such session', { context: { sessionId } });
    if (record.status === 'active') {
      const status: SessionStatus = REVOKING_REASONS.has(reason) ? 'revoked' : 'closed';
      await this.ledger.setStatus(sessionId, status);
      record.status = status;
      // The session id is the message id: a retried close is stored once by JetStream.
      await this.events.publish(
        SessionClosedV1,
        { sessionId, reason, closedAtUnix: this.clock(), spent: record.spent },
        `session-closed:${sessionId}`,
      );
    }
    return toSessionMessage(record, this.clock());
  }
}
