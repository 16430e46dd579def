import type { SettlementFailureReason } from '@quietpay/platform';
/** A reservation the ledger still holds open (adapter: the ledger over NATS). */
export interface OpenReservation {
  readonly settlementId: string;
  readonly sessionId: string;
  readonly reservedAtMs: number;
}

/**
 * The ledger's side of reconciling: reservations older than a bound, and the release of one no
 * transfer ever claimed (its submit never reached a submitter: the gateway died in between).
 */
export interface OpenReservations {
  listOlderThan(olderThanMs: number, limit: number): Promise<OpenReservation[]>;
  /** `released`, or `in_transfer` when a transfer claimed it meanwhile (then its job finishes it). */
  releaseUnsubmitted(settlementId: string, reason: SettlementFailureReason): Promise<'released' | 'in_transfer'>;
}

export const OPEN_RESERVATIONS = Symbol('OpenReservations');
