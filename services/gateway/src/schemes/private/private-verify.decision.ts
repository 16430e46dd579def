import type { PrivatePaymentQuery } from './private-payment.mapper';

/** A settlement chain-poller observed for (paymentId, recipient). */
export interface ObservedPrivatePayment {
  readonly paymentId: string;
  readonly recipient: string;
  readonly mint: string;
  /** Base units the recipient received (token-balance delta), decimal. */
  readonly amount: string;
  /** The crank's settlement transaction on the base chain. */
  readonly signature: string;
}

export type PrivateVerdict =
  | { readonly valid: true; readonly payment: ObservedPrivatePayment }
  | { readonly valid: false; readonly reason: PrivateInvalidReason; readonly message: string };

/** The reasons beyond x402's standard ones that the private scheme answers; see README.md. */
export type PrivateInvalidReason = 'payment_pending' | 'amount_mismatch' | 'asset_mismatch' | 'replay';

/**
 * The stateful half of /verify, as a decision table:
 *
 * | observed settlement for (paymentId, payTo) | claimed | verdict |
 * |---|---|---|
 * | none (yet)                                  | –       | `payment_pending` |
 * | other mint than requirements.asset          | –       | `asset_mismatch` |
 * | amount < requirements.amount                | –       | `amount_mismatch` |
 * | enough, same mint                           | yes     | `replay` |
 * | enough, same mint                           | no      | valid |
 *
 * A payment to another recipient under the same id is "none" for this caller: chain-poller indexes
 * by the pair, so one resource server never learns about another's payments.
 */
export function decidePrivatePayment(query: PrivatePaymentQuery, observed: ObservedPrivatePayment | undefined, claimed: boolean): PrivateVerdict {
  if (observed === undefined || observed.paymentId !== query.paymentId || observed.recipient !== query.recipient) {
    return { valid: false, reason: 'payment_pending', message: `no settlement of payment ${query.paymentId} to ${query.recipient} observed yet` };
  }
  if (observed.mint !== query.asset) return { valid: false, reason: 'asset_mismatch', message: 'the payment settled in another mint' };
  if (BigInt(observed.amount) < query.amount) {
    return { valid: false, reason: 'amount_mismatch', message: `settled ${observed.amount} base units, ${query.amount} required` };
  }
  if (claimed) return { valid: false, reason: 'replay', message: `payment ${query.paymentId} was already settled` };
  return { valid: true, payment: observed };
}
