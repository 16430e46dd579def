import type { ChargeRequest, ReserveOutcome, SessionRecord, VerifyOutcome } from '../ledger/ledger.types';

/** The part of the ledger the per-call use cases need (LedgerRepository in production). */
export interface ChargeLedger {
  getSession(sessionId: string): Promise<SessionRecord | null>;
  verify(request: ChargeRequest): Promise<VerifyOutcome>;
  reserve(request: ChargeRequest, chargeId: string): Promise<ReserveOutcome>;
}

export const CHARGE_LEDGER = Symbol('session-ledger.chargeLedger');
