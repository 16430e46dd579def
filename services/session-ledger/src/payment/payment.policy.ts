/** What the operator decided about per-call payloads (from config). */
export interface PaymentPolicy {
  /** CAIP-2 id of the chain this facilitator serves. */
  readonly servedNetwork: string;
  /** Normalises a requirements network spelling to CAIP-2; undefined when unknown. */
  readonly normaliseNetwork: (input: string) => string | undefined;
  readonly legacyUnsignedPayloads: boolean;
}

export const PAYMENT_POLICY = Symbol('session-ledger.paymentPolicy');
