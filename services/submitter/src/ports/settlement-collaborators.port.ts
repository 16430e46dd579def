import {
  BuildTransferRequest,
  BuiltTransfer,
  SessionChargeCommitV1,
  SessionChargeReleaseV1,
  SessionGetV1,
  SettlementFailed,
  SettlementFailedV1,
  SettlementSettled,
  SettlementSettledV1,
  SignerSignV1,
  PolicyContext,
  SignPurpose,
  SignRequest,
  TxBuilderTransferBuildV1,
  type Session,
} from '@quietpay/contracts';
import { BusClient, EventBus, QuietpayError } from '@quietpay/platform';

/**
 * The services a settlement talks to, over their NATS contracts. Each call unwraps the reply's
 * ok arm; the error arm already surfaced as a QuietpayError inside BusClient.
 */
export class SettlementCollaborators {
  constructor(
    private readonly bus: BusClient,
    private readonly events: EventBus,
  ) {}

  async buildTransfer(request: BuildTransferRequest): Promise<BuiltTransfer> {
    const reply = await this.bus.request(TxBuilderTransferBuildV1, request);
    return ok(reply.result, TxBuilderTransferBuildV1.subject);
  }

  /** Signs as delegate; a policy refusal is terminal (`sign_refused`): the same bytes never pass. */
  async sign(unsignedTxBase64: string, policy: PolicyContext): Promise<{ signedTxBase64: string; signature: string }> {
    const request: SignRequest = { purpose: SignPurpose.SETTLEMENT_TRANSFER, unsignedTxBase64, policy };
    const outcome = ok((await this.bus.request(SignerSignV1, request)).result, SignerSignV1.subject).outcome;
    if (outcome.case === 'signed') return outcome.value;
    const refusal = outcome.case === 'refused' ? outcome.value : { reason: 'no_outcome', detail: '' };
    throw new QuietpayError('sign_refused', `signer refused: ${refusal.reason}`, {
      retryable: false,
      context: { rule: refusal.reason, detail: refusal.detail ?? '' },
    });
  }

  async session(sessionId: string): Promise<Session> {
    return ok((await this.bus.request(SessionGetV1, { sessionId })).result, SessionGetV1.subject);
  }

  async commitCharge(settlementId: string, signature: string): Promise<void> {
    await this.bus.request(SessionChargeCommitV1, { settlementId, signature });
  }

  async releaseCharge(settlementId: string, reason: string): Promise<void> {
    await this.bus.request(SessionChargeReleaseV1, { settlementId, reason });
  }

  /** Nats-Msg-Id = settlement id: a retried publish is stored once. */
  async settled(event: SettlementSettled): Promise<void> {
    await this.events.publish(SettlementSettledV1, event, event.settlementId);
  }

  async failed(event: SettlementFailed): Promise<void> {
    await this.events.publish(SettlementFailedV1, event, event.settlementId);
  }
}

function ok<T>(result: { case: 'ok'; value?: T } | { case: 'error' | undefined; value?: unknown }, subject: string): T {
  if (result.case === 'ok' && result.value !== undefined) return result.value;
  throw new QuietpayError('bus_bad_reply', `${subject} answered without a result`, { context: { subject } });
}
