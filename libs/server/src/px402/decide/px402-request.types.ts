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
  /** Omit to not rate-limit (e.g. a limiter already runs in front). */
  readonly rateLimiter?: RateLimiter;
  /** Payment token lifetime; default 5 minutes. */
  readonly tokenTtlMs?: number;
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

/** JSON body of every non-served answer. */
export interface Px402AnswerBody {
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
