import { Injectable } from '@nestjs/common';
import {
  type ChargeList,
  type ListSessionsRequest,
  type Session,
  SessionChargesListV1,
  SessionListV1,
  SessionOperatorCloseV1,
  type SessionListing,
  type SessionPage,
} from '@quietpay/contracts';
import { BusClient, QuietpayError, unwrapReply } from '@quietpay/platform';

/** The admin API's port to session-ledger's operator subjects (session_listing.proto). */
@Injectable()
export class LedgerAdminClient {
  constructor(private readonly bus: BusClient) {}

  async list(request: ListSessionsRequest): Promise<SessionPage> {
    return unwrapReply(await this.bus.request(SessionListV1, request), SessionListV1.subject);
  }

  async charges(sessionId: string): Promise<ChargeList> {
    return unwrapReply(await this.bus.request(SessionChargesListV1, { sessionId }), SessionChargesListV1.subject);
  }

  /** The session as its listing shows it (the charge list's header). */
  async listing(sessionId: string): Promise<SessionListing> {
    const { session } = await this.charges(sessionId);
    if (session === undefined) throw new QuietpayError('bus_bad_reply', 'charge list without its session');
    return session;
  }

  async close(sessionId: string, reason: string, operator: string): Promise<Session> {
    return unwrapReply(await this.bus.request(SessionOperatorCloseV1, { sessionId, reason, operator }), SessionOperatorCloseV1.subject);
  }
}
