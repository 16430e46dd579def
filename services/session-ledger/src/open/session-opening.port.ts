import type { PreparedApprove } from '@quietpay/contracts';
import type { SignedChargeAuthorization } from '@quietpay/platform';

export interface ApproveToPrepare {
  readonly approveTxBase64: string;
  readonly user: string;
  readonly asset: string;
  readonly recipient: string;
  readonly network: string;
  readonly cap: string;
  /** The registry's answer: may the facilitator pay the recipient's account rent? */
  readonly facilitatorCreatesRecipient: boolean;
  /** Lamports of facilitator→user top-up the approve may carry (legacy opens only; "0": none). */
  readonly maxTopUpLamports: string;
  /** A legacy (seed-shaped) open: the seed's facilitator-paid create of the user's account is accepted. */
  readonly legacy: boolean;
}

export interface TransactionToCoSign {
  readonly txBase64: string;
  readonly sessionId: string;
  readonly user: string;
  readonly recipient: string;
  readonly asset: string;
  readonly network: string;
  /** For create_account: the ledger's signed proof that the recipient is registered. */
  readonly accountCreation?: SignedChargeAuthorization;
}

/** `legacy_approve`: the seed's approve, which may carry a bounded SOL top-up of the user. */
export type CoSignPurpose = 'approve' | 'legacy_approve' | 'create_account';

export interface SignedTransaction {
  readonly signedTxBase64: string;
}

export interface Delegation {
  readonly delegate: string | null;
  readonly delegatedAmountHandle: bigint;
}

/**
 * What opening a session needs from the other services and the chain. The NATS/RPC adapter
 * (nats-session-opening.adapter.ts) speaks the collaborators' contracts; unit tests swap it.
 * Every method throws a QuietpayError on refusal.
 */
export interface SessionOpeningPort {
  /** tx-builder validates every instruction of the user's approve transaction. */
  prepareApprove(input: ApproveToPrepare): Promise<PreparedApprove>;
  /** signer co-signs as fee payer (purpose approve) or create-account, under its own policy. */
  coSign(purpose: CoSignPurpose, input: TransactionToCoSign): Promise<SignedTransaction>;
  /** submitter sends and confirms; resolves with the transaction signature. */
  sendAndConfirm(signedTxBase64: string, network: string, purpose: string, lastValidBlockHeight: string): Promise<string>;
  /** Reads the user's IncoToken account from the chain. */
  readDelegation(sourceAccount: string): Promise<Delegation>;
  /** Decrypts a handle the facilitator may read (signer signs the handle, decrypt-proxy verifies the attestation). */
  decryptHandle(handle: string, network: string): Promise<bigint>;
}

export const SESSION_OPENING_PORT = Symbol('session-ledger.sessionOpeningPort');
