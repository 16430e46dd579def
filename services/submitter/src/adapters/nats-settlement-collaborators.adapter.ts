import type { SettlementFailureReason } from '@quietpay/platform';
import {
  AuthorizedTransfer,
  Charge,
  ChargeAuthorization,
  EncryptionOpening,
  SessionChargeBatchAuthorizeV1,
  SessionChargeBatchBindV1,
  SessionChargeCommitV1,
  SessionChargeGetV1,
  SessionChargeOpenListV1,
  SessionChargeReleaseV1,
  SessionGetV1,
  SettlementFailed,
  SettlementFailedV1,
  SettlementSettled,
  SettlementSettledV1,
  SignerTransferSignV1,
  TxBuilderTransferBuildV2,
  type Session,
} from '@quietpay/contracts';
import { BusClient, EventBus, QuietpayError, signedOrRefused, unwrapReply } from '@quietpay/platform';
import { OpenReservation, OpenReservations } from '../ports/open-reservations.port';
import { BatchGrant, BatchTransfer, LedgerTransfer, ReleaseChargeOptions, SettlementCollaborators } from '../ports/settlement-collaborators.port';
import { submitterError } from '../submitter.errors';

/** SettlementCollaborators over the services' NATS contracts and JetStream events. */
export class NatsSettlementCollaborators implements SettlementCollaborators, OpenReservations {
  constructor(
    private readonly bus: BusClient,
    private readonly events: EventBus,
  ) {}

  /** The ledger's record of a charge: what a submit is accepted against. */
  async charge(settlementId: string): Promise<Charge> {
    return unwrapReply(await this.bus.request(SessionChargeGetV1, { settlementId }), SessionChargeGetV1.subject);
  }

  /** The ledger's authorization for a transfer, or its bound transaction (see the port). */
  async authorizeTransfer(transfer: LedgerTransfer, expiredSignature: string): Promise<BatchGrant> {
    const reply = await this.bus.request(SessionChargeBatchAuthorizeV1, { ...onTheWire(transfer), expiredSignature });
    const { grant } = unwrapReply(reply, SessionChargeBatchAuthorizeV1.subject);
    if (grant.case === 'authorization') return { kind: 'authorization', authorization: grant.value };
    if (grant.case === 'inFlight') return { kind: 'in_flight', transaction: transferOf(grant.value) };
    throw submitterError('bus_bad_reply', 'transfer authorization answered no grant', { context: { subject: SessionChargeBatchAuthorizeV1.subject } });
  }

  async bindTransaction(transfer: LedgerTransfer, authorization: ChargeAuthorization, transaction: BatchTransfer): Promise<BatchTransfer> {
    const { batchId, sessionId, ownCharge } = onTheWire(transfer);
    const reply = await this.bus.request(SessionChargeBatchBindV1, {
      batchId,
      sessionId,
      ownCharge,
      authorizationSignature: authorization.signature,
      transaction: {
        signature: transaction.signature,
        signedTxBase64: transaction.signedTxBase64,
        lastValidBlockHeight: String(transaction.lastValidBlockHeight),
      },
    });
    return transferOf(unwrapReply(reply, SessionChargeBatchBindV1.subject));
  }

  /** The transfer an authorization describes, with the opening of its encrypted amount. */
  async buildTransfer(authorization: ChargeAuthorization): Promise<AuthorizedTransfer> {
    return unwrapReply(await this.bus.request(TxBuilderTransferBuildV2, { authorization }), TxBuilderTransferBuildV2.subject);
  }

  /** Signs as delegate; a policy refusal is terminal (`sign_refused`): the same bytes never pass. */
  async sign(unsignedTxBase64: string, authorization: ChargeAuthorization, opening: EncryptionOpening): Promise<{ signedTxBase64: string; signature: string }> {
    const reply = unwrapReply(await this.bus.request(SignerTransferSignV1, { unsignedTxBase64, authorization, opening }), SignerTransferSignV1.subject);
    return signedOrRefused(reply.outcome, 'the settlement transfer');
  }

  async session(sessionId: string): Promise<Session> {
    return unwrapReply(await this.bus.request(SessionGetV1, { sessionId }), SessionGetV1.subject);
  }

  async commitCharge(settlementId: string, signature: string): Promise<void> {
    await this.bus.request(SessionChargeCommitV1, { settlementId, signature });
  }

  async releaseCharge(settlementId: string, reason: SettlementFailureReason, options: ReleaseChargeOptions = {}): Promise<void> {
    await this.bus.request(SessionChargeReleaseV1, {
      settlementId,
      reason,
      suspendSession: options.suspendSession ?? false,
      onlyIfUnclaimed: options.onlyIfUnclaimed ?? false,
    });
  }

  async listOlderThan(olderThanMs: number, limit: number): Promise<OpenReservation[]> {
    const result = unwrapReply(await this.bus.request(SessionChargeOpenListV1, { olderThanMs: String(olderThanMs), limit }), SessionChargeOpenListV1.subject);
    return result.charges.map((c) => ({ settlementId: c.settlementId, sessionId: c.sessionId, reservedAtMs: Number(c.reservedAtMs) }));
  }

  async releaseUnsubmitted(settlementId: string, reason: SettlementFailureReason): Promise<'released' | 'in_transfer'> {
    try {
      await this.releaseCharge(settlementId, reason, { onlyIfUnclaimed: true });
      return 'released';
    } catch (error) {
      if (error instanceof QuietpayError && error.code === 'charge_in_transfer') return 'in_transfer';
      throw error;
    }
  }

  /** Nats-Msg-Id = settlement id: a retried publish is stored once. */
  async settled(event: SettlementSettled): Promise<void> {
    await this.events.publish(SettlementSettledV1, event, event.settlementId);
  }

  async failed(event: SettlementFailed): Promise<void> {
    await this.events.publish(SettlementFailedV1, event, event.settlementId);
  }
}

/** The batch contracts' fields for a transfer: a per-call charge travels as a batch of itself (`ownCharge`). */
function onTheWire(transfer: LedgerTransfer): { batchId: string; sessionId: string; settlementIds: string[]; ownCharge: boolean } {
  if (transfer.kind === 'batch')
    return { batchId: transfer.batchId, sessionId: transfer.sessionId, settlementIds: [...transfer.settlementIds], ownCharge: false };
  return { batchId: transfer.settlementId, sessionId: transfer.sessionId, settlementIds: [transfer.settlementId], ownCharge: true };
}

function transferOf(t: { signature: string; signedTxBase64: string; lastValidBlockHeight: string }): BatchTransfer {
  return { signature: t.signature, signedTxBase64: t.signedTxBase64, lastValidBlockHeight: Number(t.lastValidBlockHeight) };
}
