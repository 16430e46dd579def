import { Injectable } from '@nestjs/common';
import {
  Charge,
  CloseSessionRequest,
  OpenSessionRequest,
  RecipientsLookupV1,
  type RegisteredRecipient,
  ReserveChargeRequest,
  Session,
  SubmissionReceipt,
  SessionChargeReserveV1,
  SessionChargeServeV1,
  SessionChargeSettleV1,
  type SettleChargeRequest,
  type SettleChargeResult,
  SessionChargeSubmitV1,
  SessionCloseV1,
  SessionGetV1,
  SessionOpenV1,
  SessionPaymentVerifyV1,
  VerifyPaymentRequest,
  VerifyResult,
} from '@quietpay/contracts';
import { BusClient, unwrapReply } from '@quietpay/platform';

// The ledger's own work around the submitter's answer (one Redis read, maybe a release).
const LEDGER_HOP_MS = 5_000;

/** The gateway's port to session-ledger: typed commands over NATS, failures as QuietpayError. */
@Injectable()
export class SessionLedgerClient {
  constructor(private readonly bus: BusClient) {}

  async open(request: OpenSessionRequest, timeoutMs: number): Promise<Session> {
    return unwrapReply(await this.bus.request(SessionOpenV1, request, { timeoutMs }), SessionOpenV1.subject);
  }

  async get(sessionId: string): Promise<Session> {
    return unwrapReply(await this.bus.request(SessionGetV1, { sessionId }), SessionGetV1.subject);
  }

  async close(request: CloseSessionRequest): Promise<Session> {
    return unwrapReply(await this.bus.request(SessionCloseV1, request), SessionCloseV1.subject);
  }

  async verify(request: VerifyPaymentRequest): Promise<VerifyResult> {
    return unwrapReply(await this.bus.request(SessionPaymentVerifyV1, request), SessionPaymentVerifyV1.subject);
  }

  async reserve(request: ReserveChargeRequest): Promise<Charge> {
    return unwrapReply(await this.bus.request(SessionChargeReserveV1, request), SessionChargeReserveV1.subject);
  }

  async lookupRecipient(recipient: string): Promise<RegisteredRecipient> {
    return unwrapReply(await this.bus.request(RecipientsLookupV1, { recipient }), RecipientsLookupV1.subject);
  }

  /**
   * Settles a reservation: the ledger submits its own record of it (the gateway names only the
   * settlement id) and releases it itself when the submitter refuses. `waitMs` bounds the
   * submitter; the bus request waits a little longer so the ledger's answer, not a timeout, wins.
   */
  async submit(settlementId: string, options: { waitForConfirmation: boolean; waitMs: number }): Promise<SubmissionReceipt> {
    const reply = await this.bus.request(
      SessionChargeSubmitV1,
      { settlementId, waitForConfirmation: options.waitForConfirmation, timeoutMs: options.waitMs },
      { timeoutMs: options.waitMs + LEDGER_HOP_MS },
    );
    return unwrapReply(reply, SessionChargeSubmitV1.subject);
  }

  /**
   * Batched /settle in one request: reserve, hand-off and, when that is a success, the serve claim
   * for `serveToken` (SettleCharge). `timeoutMs` bounds the ledger's wait for the submitter; the
   * bus request waits a little longer so the ledger's answer, not a timeout, wins.
   */
  async settle(request: SettleChargeRequest): Promise<SettleChargeResult> {
    const reply = await this.bus.request(SessionChargeSettleV1, request, { timeoutMs: request.timeoutMs + LEDGER_HOP_MS });
    return unwrapReply(reply, SessionChargeSettleV1.subject);
  }

  /** Claims the charge's one serve for this /settle (refused `nonce_replayed` once another claimed it). */
  async serve(settlementId: string, serveToken: string): Promise<Charge> {
    return unwrapReply(await this.bus.request(SessionChargeServeV1, { settlementId, serveToken }), SessionChargeServeV1.subject);
  }
}
