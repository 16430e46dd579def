/**
 * `PaymentRequirements.extra` of the x402 v2 `private` scheme.
 *
 * @example
 * const extra: PrivateRequirementsExtra = {
 *   paymentId: '5738119924108713345',           // fresh per 402; the agent's clientRefId
 *   paymentToken: 'pv1.1767225600.<mac>',       // fresh per 402; echo it in the payload
 *   paymentsApiUrl: 'https://payments.magicblock.app',
 *   validator: 'MAS1Dt9qreoRMQ14YQuhg8UTZMMzDdKhmkZMECCzk57',
 *   transferQueue: '<queue PDA>',
 *   cluster: 'devnet',
 *   paymentParts: 'sum',                       // the facilitator sums parts: pay in denominations
 * };
 */
export interface PrivateRequirementsExtra {
  /** Decimal u63, never 0, issued by the resource server for this 402: pay with `clientRefId = paymentId`. */
  readonly paymentId: string;
  /**
   * Proves the presenter got `paymentId` from this resource server's 402 (the id itself is public
   * on chain once settled). Never put it on chain: not in the memo, not in the transfer.
   */
  readonly paymentToken: string;
  /** MagicBlock payments API base URL the agent calls (`POST /v1/spl/transfer`). */
  readonly paymentsApiUrl: string;
  /** Ephemeral-rollup validator whose transfer queue settles the payment. */
  readonly validator: string;
  /** The transfer-queue PDA the facilitator watches. */
  readonly transferQueue: string;
  /** The payments API's `cluster` value. */
  readonly cluster: string;
  /**
   * `'sum'` when the facilitator sums every settlement under the payment id, so the agent may pay
   * the price as several standard-denomination transfers (the SDK's `PrivateSchemeClient` does by
   * default); absent: pay one transfer. Set only from the facilitator's `/supported` kind:
   * `PrivateSchemeServer` drops a route's own `extra.paymentParts`.
   */
  readonly paymentParts?: 'sum';
}

/**
 * `PaymentPayload.payload` of the x402 v2 `private` scheme: which payment the agent made. The
 * funds already moved (agent → transfer queue → crank → `payTo`), so there is nothing to sign here.
 *
 * @example
 * const payload: PrivatePaymentPayload = { paymentId: accepted.extra.paymentId, paymentToken: accepted.extra.paymentToken, signature: enqueueTxSignature };
 */
export interface PrivatePaymentPayload {
  /** The `paymentId` of the accepted requirements, used as `clientRefId` in the transfer. */
  readonly paymentId: string;
  /** The `paymentToken` of the accepted requirements (the resource server refuses the id without it). */
  readonly paymentToken: string;
  /** The agent's enqueue transaction signature; informational, the facilitator does not rely on it. */
  readonly signature?: string;
}

/**
 * `invalidReason` / `errorReason` values the facilitator answers for the `private` scheme beyond
 * x402's standard codes. `payment_pending`: not settled yet, answer 402 and let the agent retry the
 * same payment; `amount_mismatch`: settled below `amount`; `asset_mismatch`: another mint;
 * `replay`: this payment was settled before (single use). Answered by the resource server's
 * PrivateSchemeServer before asking the facilitator: `invalid_payment_token` (no token, or not the one
 * issued with this id for these requirements), `payment_token_expired` (ask for a new 402).
 */
export type PrivateSchemeReason = 'payment_pending' | 'amount_mismatch' | 'asset_mismatch' | 'replay' | 'invalid_payment_token' | 'payment_token_expired';
