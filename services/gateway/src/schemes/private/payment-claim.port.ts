/**
 * Single use of a private payment across every gateway replica: the first settle of
 * (paymentId, recipient) takes the claim; every later one is a replay.
 */
export interface PaymentClaims {
  /** True when this call took the claim, false when someone already holds it. */
  claim(paymentId: string, recipient: string, settlementSignature: string): Promise<boolean>;
  isClaimed(paymentId: string, recipient: string): Promise<boolean>;
}

export const PAYMENT_CLAIMS = Symbol('quietpay.gateway.privatePaymentClaims');
