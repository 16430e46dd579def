import { QuietpayError } from '@quietpay/x402';
import type { Px402Quote } from './px402-quote.parser';

/** Where in the pay-and-retry flow something went wrong. */
export type PrivatePaymentPhase = 'quote' | 'build' | 'sign' | 'send' | 'confirm' | 'settle-wait' | 'retry';

/** Machine-readable cause; `phase` says where, `code` says what. */
export type PrivatePaymentErrorCode =
  | 'malformed_quote'
  | 'amount_over_limit'
  | 'payments_api_error'
  | 'payments_api_unreachable'
  | 'mint_not_initialized'
  | 'unexpected_transaction'
  // A wallet that declined or failed to sign: the SDK's one code for it (QuietpaySdkError too).
  | 'wallet_refused'
  | 'send_failed'
  | 'partial_payment'
  | 'transaction_failed'
  | 'confirmation_timeout'
  | 'settle_timeout'
  | 'expired'
  | 'amount_mismatch'
  | 'token_rejected'
  | 'replay'
  | 'rate_limited'
  | 'facilitator_unavailable'
  | 'resource_unreachable'
  | 'aborted'
  | 'unexpected_answer';

export interface PrivatePaymentErrorContext {
  readonly phase: PrivatePaymentPhase;
  readonly code: PrivatePaymentErrorCode;
  /** Safe to try the same call again without paying twice. */
  readonly retryable: boolean;
  /** The quote being paid (the one in force when the error happened). */
  readonly quote?: Px402Quote;
  /**
   * Signature of the payment transaction once it was signed. When set, money may have left the
   * wallet: retry with `quote.paymentId`/`quote.token` instead of paying again.
   */
  readonly signature?: string;
  /** HTTP status or reason the server answered, when the error comes from an answer. */
  readonly status?: number;
  readonly reason?: string;
  readonly cause?: unknown;
}

/**
 * The one error type of the private client. A payment that was sent is never swallowed: its
 * transaction signature travels in `signature`, together with the quote to retry with.
 *
 * @example
 * try {
 *   await client.fetch(url);
 * } catch (err) {
 *   if (err instanceof PrivatePaymentError && err.signature) {
 *     console.warn(`paid in ${err.signature}; retry later with id ${err.quote?.paymentId}`);
 *   }
 * }
 */
export class PrivatePaymentError extends QuietpayError {
  override readonly name: string = 'PrivatePaymentError';
  override readonly phase: PrivatePaymentPhase;
  override readonly code: PrivatePaymentErrorCode;
  readonly quote: Px402Quote | undefined;
  readonly signature: string | undefined;
  readonly status: number | undefined;
  readonly reason: string | undefined;

  constructor(message: string, context: PrivatePaymentErrorContext) {
    super(message, { code: context.code, retryable: context.retryable, phase: context.phase, cause: context.cause });
    this.phase = context.phase;
    this.code = context.code;
    this.quote = context.quote;
    this.signature = context.signature;
    this.status = context.status;
    this.reason = context.reason;
  }

  /** True when a payment transaction was signed (and possibly landed) before the failure. */
  get paymentMayHaveLanded(): boolean {
    return this.signature !== undefined;
  }
}

/**
 * The server said the token expired after this client paid (or was asked to resume). Carries the
 * fresh quote the server offered; paying it is a second payment, so the client only does that when
 * `repayOnExpiry` is on.
 *
 * @example
 * if (err instanceof PrivatePaymentExpiredError) await reconcile(err.signature, err.freshQuote);
 */
export class PrivatePaymentExpiredError extends PrivatePaymentError {
  override readonly name: string = 'PrivatePaymentExpiredError';
  readonly freshQuote: Px402Quote;

  constructor(message: string, context: Omit<PrivatePaymentErrorContext, 'code' | 'retryable'>, freshQuote: Px402Quote) {
    super(message, { ...context, code: 'expired', retryable: false });
    this.freshQuote = freshQuote;
  }
}
