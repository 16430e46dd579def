import { Inject, Injectable } from '@nestjs/common';
import { SessionClosedV1, type CloseSessionRequest, type OperatorCloseSessionRequest, type Session } from '@quietpay/contracts';
import { EventBus, REDIS, SERVICE_CONFIG, type RedisClient } from '@quietpay/platform';
import { AccountFacilitatorSpend } from '../budget/account-facilitator-spend';
import type { SessionLedgerConfig } from '../config.schema';
import { LedgerRepository } from '../ledger/ledger.repository';
import type { SessionRecord, SessionStatus } from '../ledger/ledger.types';
import { CLOCK, type Clock } from '../shared/clock';
import { checkCloseAuth } from './close-auth.check';
import { CloseReplayStore } from './close-replay.store';
import { toSessionMessage } from './session.mapper';
import { ledgerError } from '../shared/ledger.errors';

// Reasons that end a session against its terms (the user withdrew, or the chain disagrees with
// what was signed) read as `session_revoked`; every other reason is an orderly close.
const REVOKING_REASONS: ReadonlySet<string> = new Set(['user_revoked', 'revoked', 'cap_mismatch']);

/**
 * Ends a session: no further charge passes the Lua checks. Charges already reserved still
 * settle or release. Closing an ended session is a no-op that reports it as it stands.
 *
 * Only the session key's holder may close: session ids travel in payment headers, so knowing one
 * proves nothing. The request must carry the key's signature over the close message (fresh, used
 * once); otherwise it is refused (`bad_close_signature`, `stale_close_request`, `close_replayed`)
 * and the session is left as it was.
 */
@Injectable()
export class CloseSessionUseCase {
  private readonly replays: CloseReplayStore;

  constructor(
    private readonly ledger: LedgerRepository,
    private readonly events: EventBus,
    private readonly spend: AccountFacilitatorSpend,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REDIS) redis: RedisClient,
    @Inject(SERVICE_CONFIG) config: SessionLedgerConfig,
  ) {
    this.replays = new CloseReplayStore(redis, config.LEDGER_KEY_PREFIX);
  }

  async execute(request: CloseSessionRequest): Promise<Session> {
    const { sessionId, reason } = request;
    const record = await this.ledger.getSession(sessionId);
    if (!record) throw ledgerError('session_not_found', 'no such session', { context: { sessionId } });
    const now = await this.clock();
    const auth = checkCloseAuth(request, record.sessionPubkey, now);
    if (!auth.ok) throw ledgerError(auth.code, auth.message, { context: { sessionId } });
    if (!(await this.replays.claim(sessionId, request.signature, now))) {
      throw ledgerError('close_replayed', 'this close request was already used', { context: { sessionId } });
    }
    return this.end(record, reason, now);
  }

  /**
   * The operator's close (admin API, quietpay.session.operator.close.v1): no session-key proof,
   * the gateway authenticated an admin key; `operator` is that key's id, logged by the gateway's audit.
   */
  async executeAsOperator(request: OperatorCloseSessionRequest): Promise<Session> {
    const record = await this.ledger.getSession(request.sessionId);
    if (!record) throw ledgerError('session_not_found', 'no such session', { context: { sessionId: request.sessionId } });
    return this.end(record, request.reason, await this.clock());
  }

  private async end(record: SessionRecord, reason: string, now: number): Promise<Session> {
    const { sessionId } = record;
    // A suspended session can still be ended for good (the payer closing it, an operator).
    if (record.status === 'active' || record.status === 'suspended') {
      const status: SessionStatus = REVOKING_REASONS.has(reason) ? 'revoked' : 'closed';
      await this.ledger.setStatus(sessionId, status);
      record.status = status;
      // The session id is the message id: a retried close is stored once by JetStream.
      await this.events.publish(SessionClosedV1, { sessionId, reason, closedAtUnix: now, spent: record.spent }, `session-closed:${sessionId}`);
      await this.spend.sessionEnded(sessionId);
    }
    return toSessionMessage(record, now);
  }
}
