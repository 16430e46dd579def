import type { CallAdmission, ChargeRequest, ReserveOutcome, SessionTerms, VerifyOutcome } from '../ledger/ledger.types';

/** The part of the ledger the per-call use cases need (LedgerRepository in production). */
export interface ChargeLedger {
  /** What never changes once the session is open (cached); status, spent and expiry are the script's. */
  sessionTerms(sessionId: string): Promise<SessionTerms | null>;
  /**
   * Counts one call whose signature verified against the session's rate limit. Only signed calls
   * count, so nobody but the session key's holder can use up a session's allowance.
   */
  admitCall(sessionId: string): Promise<CallAdmission>;
  verify(request: ChargeRequest): Promise<VerifyOutcome>;
  reserve(request: ChargeRequest, chargeId: string): Promise<ReserveOutcome>;
}

export const CHARGE_LEDGER = Symbol('session-ledger.chargeLedger');
