import type { ObservedPayment } from '@quietpay/contracts';

/**
 * - `new`: first settlement seen for this (paymentId, recipient).
 * - `part`: another settlement transaction for the pair in the same mint (a split transfer's next
 *   part): its amount was added to the pair's total.
 * - `replayed`: this very signature was already counted (a chunk re-applied after a crash).
 * - `conflict`: a settlement for the pair in another mint; not counted, the first one stays.
 */
export type RecordOutcome = 'new' | 'part' | 'replayed' | 'conflict';

export interface PaymentIndex {
  /** Records one settlement (one transaction) as a part of the pair's payment. */
  record(payment: ObservedPayment): Promise<RecordOutcome>;
  /**
   * The pair's payment: the first part's signature, slot and index, with `amount` the sum of every
   * counted part. Without `recipient`: the first recipient seen under the id.
   */
  find(paymentId: string, recipient: string | undefined): Promise<ObservedPayment | undefined>;
}
