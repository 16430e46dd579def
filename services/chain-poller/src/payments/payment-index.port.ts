import type { ObservedPayment } from '@quietpay/contracts';

/**
 * - `new`: first time this (paymentId, recipient) was seen.
 * - `replayed`: already stored from this very signature (a chunk re-applied after a crash).
 * - `conflict`: already stored from another transaction; the first one stays.
 */
export type RecordOutcome = 'new' | 'replayed' | 'conflict';

export interface PaymentIndex {
  record(payment: ObservedPayment): Promise<RecordOutcome>;
  find(paymentId: string, recipient: string | undefined): Promise<ObservedPayment | undefined>;
}
