import type { ObservedPrivatePayment } from './private-verify.decision';

/** Where the private scheme learns whether a payment settled (chain-poller's index in production). */
export interface PrivatePaymentFinder {
  find(paymentId: string, recipient: string): Promise<ObservedPrivatePayment | undefined>;
}

export const PRIVATE_PAYMENT_FINDER = Symbol('quietpay.gateway.privatePaymentFinder');
