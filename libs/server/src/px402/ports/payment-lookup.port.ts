import { QuietpayError } from '@quietpay/x402';

/** A private settlement the facilitator observed on chain for a payment id. */
export interface FoundPayment {
  readonly status: 'found';
  /** Micro-USDC actually received by `destination` (decimal). */
  readonly amount: string;
  /** The wallet (not the ATA) that received the settlement. */
  readonly destination: string;
  /** Base-chain settlement transaction signature. */
  readonly signature: string;
}

/** No settlement with this id has been observed yet (the crank may still be on its way). */
export interface PendingPayment {
  readonly status: 'pending';
}

export type PaymentLookupResult = FoundPayment | PendingPayment;

/** What the resource server asks about a payment: its id and the wallet it expects to be paid. */
export interface PaymentLookupQuery {
  readonly paymentId: string;
  readonly destination: string;
}

/**
 * Port: "has a px402 payment with this id reached this wallet?". Implementations throw
 * {@link PaymentLookupError} when they cannot tell (facilitator or RPC down, bad answer); any
 * other exception is a bug and propagates.
 *
 * @example
 * const lookup: PaymentLookup = facilitatorPaymentLookup('https://facilitator.example');
 * const result = await lookup.find({ paymentId: '4242', destination: wallet });
 */
export interface PaymentLookup {
  find(query: PaymentLookupQuery): Promise<PaymentLookupResult>;
  /**
   * True when `find` answers the sum of every settlement carrying the id (quietpay's facilitator
   * does): the middleware then tells clients, with `X-Payment-Parts: sum`, that they may pay in
   * several private transfers. Absent or false: clients pay in one transfer.
   */
  readonly sumsParts?: boolean;
}

/**
 * The lookup could not answer; retrying later may succeed. decide() answers it with
 * 503 `rpc_error`.
 */
export class PaymentLookupError extends QuietpayError {
  override readonly name: string = 'PaymentLookupError';
  override readonly code = 'rpc_error' as const;

  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, { code: 'rpc_error', retryable: true, phase: 'lookup', cause: options?.cause });
  }
}
