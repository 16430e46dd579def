import type { SettlementFailureReason } from '@quietpay/platform';
import type { AuthorizedTransfer, Charge, ChargeAuthorization, EncryptionOpening, Session, SettlementFailed, SettlementSettled } from '@quietpay/contracts';

/**
 * The services a settlement talks to (session-ledger, tx-builder, signer, the event stream).
 * Every method may throw a QuietpayError: a service's refusal with its own `retryable`, or a
 * transport failure (`bus_*`, retryable). Adapter: adapters/nats-settlement-collaborators.adapter.ts.
 */
export interface SettlementCollaborators {
  /** The ledger's record of a charge: what a submit is accepted against. */
  charge(settlementId: string): Promise<Charge>;
  /**
   * The ledger's signed authorization for a transfer (a batch's sum, or one per-call charge), or
   * the transfer's bound transaction while it can still land. `expiredSignature`: the bound one the
   * chain showed cannot land ('' when none), which a new transaction may then replace. Issued
   * afresh on every call (a rebuild gets a new expiry).
   */
  authorizeTransfer(transfer: LedgerTransfer, expiredSignature: string): Promise<BatchGrant>;
  /**
   * Binds the transaction signed under `authorization` as the transfer's one transaction, before
   * it is sent. Answers the transaction to send (another attempt's, when one was bound first);
   * `batch_attempt_superseded` (retryable) when a later authorization replaced this one.
   */
  bindTransaction(transfer: LedgerTransfer, authorization: ChargeAuthorization, transaction: BatchTransfer): Promise<BatchTransfer>;
  /** The transfer an authorization describes, with the opening of its encrypted amount. */
  buildTransfer(authorization: ChargeAuthorization): Promise<AuthorizedTransfer>;
  /** Signs as delegate; a policy refusal is terminal (`sign_refused`): the same bytes never pass. */
  sign(unsignedTxBase64: string, authorization: ChargeAuthorization, opening: EncryptionOpening): Promise<{ signedTxBase64: string; signature: string }>;
  session(sessionId: string): Promise<Session>;
  /** Idempotent: committing a charge already committed with the same signature succeeds. */
  commitCharge(settlementId: string, signature: string): Promise<void>;
  /** `options`: suspend the session too (the charge was served: batched), or release only an unclaimed charge (the reconciler). */
  releaseCharge(settlementId: string, reason: SettlementFailureReason, options?: ReleaseChargeOptions): Promise<void>;
  /** Deduplicated by settlement id (a retried publish is stored once). */
  settled(event: SettlementSettled): Promise<void>;
  failed(event: SettlementFailed): Promise<void>;
}

/**
 * One transfer the ledger authorizes, sent under one transaction at a time: a batch of a session's
 * charges, or one charge paid by its own (per-call) transfer.
 */
export type LedgerTransfer =
  | { readonly kind: 'batch'; readonly batchId: string; readonly sessionId: string; readonly settlementIds: readonly string[] }
  | { readonly kind: 'charge'; readonly settlementId: string; readonly sessionId: string };

/** A signed transfer as the ledger keeps it bound. */
export interface BatchTransfer {
  readonly signature: string;
  readonly signedTxBase64: string;
  readonly lastValidBlockHeight: number;
}

export type BatchGrant =
  { readonly kind: 'authorization'; readonly authorization: ChargeAuthorization } | { readonly kind: 'in_flight'; readonly transaction: BatchTransfer };

export const SETTLEMENT_COLLABORATORS = Symbol('SettlementCollaborators');

export interface ReleaseChargeOptions {
  readonly suspendSession?: boolean;
  readonly onlyIfUnclaimed?: boolean;
}
