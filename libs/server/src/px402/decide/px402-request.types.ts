import { PaymentTokenSecrets } from '../token/payment-token.types';
import { PaymentLookup } from '../ports/payment-lookup.port';
import { RateLimiter } from '../ports/rate-limiter.port';
import { ReplayStore } from '../ports/replay-store.port';

/** A request reduced to what px402 needs; adapters build it from their framework's request. */
export interface Px402Request {
  readonly method: string;
  /** URL path without query string; tokens are bound to it. */
  readonly path: string;
  /** Header values by lower-case name. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The client address as resolved by {@link clientIp} from trusted proxies only. */
  readonly clientIp: string;
}

/** The price of one route. */
export interface RoutePrice {
  /** Micro-USDC (1 USDC = 1_000_000). */
  readonly amount: bigint | number;
  /** Recipient wallet address (base58), not its token account. */
  readonly destination: string;
  readonly description?: string;
  /** Rate-limit bucket for this route; defaults to the request path. */
  readonly routeId?: string;
}

/** Everything decide() depends on, injected so tests swap each piece. */
export interface DecideDeps {
  readonly price: RoutePrice;
  readonly secrets: PaymentTokenSecrets;
  readonly lookup: PaymentLookup;
  readonly replay: ReplayStore;
  /**
   * Counts requests that ask for a new quote (no id/token, an expired token) or carry a token that
   * does not verify, per route and client IP. Omit to not rate-limit (e.g. a limiter already runs
   * in front).
   */
  readonly rateLimiter?: RateLimiter;
  /**
   * Counts retries that carry a valid token for an already-quoted payment id, per route and payment
   * id, apart from new quotes: an agent polls a paid id while the crank settles (px402 agents make
   * ~30 calls a minute), and a 429 there strands a payment. Give it a larger limit than
   * `rateLimiter`. Omit to not rate-limit retries (each still costs one payment lookup).
   */
  readonly retryRateLimiter?: RateLimiter;
  /** Payment token lifetime; default 5 minutes. */
  readonly tokenTtlMs?: number;
  /**
   * How far below the price a settlement may land and still pay, in basis points of the price
   * (rounded up, like the fee). Default 10: the payments API keeps 0.1 % of the amount, so a
   * 10000 quote delivers 9990. px402 accepts ≥ 99 % (100; quietpay's round-up then allows one base
   * unit more than px402 when the price is not a multiple of 100). 0 demands the full price.
   */
  readonly priceToleranceBps?: number;
  /**
   * Honour tokens whose `expiry` is in seconds (quietpay before 0.2), each only until its own
   * expiry and never longer than one token TTL from now. Default true; turn off once every replica
   * mints epoch-ms tokens and one TTL has passed (docs/migrating.md).
   */
  readonly legacySecondsTokens?: boolean;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now?: () => number;
  /** Source of fresh payment ids (decimal u63, never 0); injectable for tests. */
  readonly newPaymentId?: () => string;
}

/** Every reason code a px402 answer body can carry. */
export type Px402Reason =
  | 'payment_required'
  | 'payment_pending'
  | 'expired'
  | 'invalid_token'
  | 'payment_id_mismatch'
  | 'path_mismatch'
  | 'amount_changed'
  | 'destination_mismatch'
  | 'amount_mismatch'
  | 'replay'
  | 'rate_limited'
  | 'rpc_error'
  | 'dependency_unavailable';

/**
 * px402's code field. It equals `reason` except for quotes: px402 answers both a first quote and an
 * expired token with `error: "payment_required"` and tells them apart by `reason`.
 */
export type Px402ErrorCode = Exclude<Px402Reason, 'expired'>;

/** JSON body of every non-served answer: px402's `error` beside quietpay's `reason` and `message`. */
export interface Px402AnswerBody {
  readonly error: Px402ErrorCode;
  readonly reason: Px402Reason;
  readonly message: string;
  readonly [extra: string]: string | number | undefined;
}

/** A complete HTTP answer the adapter writes instead of calling the handler. */
export interface Px402Answer {
  readonly kind: 'answer';
  readonly status: 401 | 402 | 409 | 429 | 503;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Px402AnswerBody;
}

/** The payment checks out: call the handler and attach `X-Payment-Signature`. */
export interface Px402Serve {
  readonly kind: 'serve';
  readonly paymentId: string;
  readonly signature: string;
  readonly headers: Readonly<Record<string, string>>;
}

export type Px402Decision = Px402Serve | Px402Answer;
