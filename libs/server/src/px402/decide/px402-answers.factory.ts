import { PX402_CURRENCY, PX402_HEADERS, PX402_NETWORK } from './px402-headers.constants';
import { Px402Answer, Px402Reason } from './px402-request.types';

/** A payment quote: what the client must pay and the id/token to retry with. */
export interface Px402Quote {
  readonly amount: string;
  readonly destination: string;
  readonly paymentId: string;
  readonly token: string;
  readonly description?: string;
}

// Answers are per request and per client: no cache may keep or share them.
const NO_STORE = { 'Cache-Control': 'no-store' } as const;

function quoteHeaders(quote: Px402Quote): Record<string, string> {
  return {
    ...NO_STORE,
    [PX402_HEADERS.amount]: quote.amount,
    [PX402_HEADERS.currency]: PX402_CURRENCY,
    [PX402_HEADERS.network]: PX402_NETWORK,
    [PX402_HEADERS.address]: quote.destination,
    [PX402_HEADERS.id]: quote.paymentId,
    [PX402_HEADERS.token]: quote.token,
  };
}

/** 402 carrying a quote: the first answer, `payment_pending`, `expired` (fresh quote), `amount_mismatch`. */
export function paymentRequired(reason: Px402Reason, message: string, quote: Px402Quote): Px402Answer {
  return {
    kind: 'answer',
    status: 402,
    headers: quoteHeaders(quote),
    body: {
      reason,
      message,
      amount: quote.amount,
      currency: PX402_CURRENCY,
      network: PX402_NETWORK,
      address: quote.destination,
      paymentId: quote.paymentId,
      description: quote.description,
    },
  };
}

/** An answer without a quote: 401 token problems, 409 replay, 503 rpc_error. */
export function refusal(status: 401 | 409 | 503, reason: Px402Reason, message: string): Px402Answer {
  return { kind: 'answer', status, headers: { ...NO_STORE }, body: { reason, message } };
}

/**
 * 503 `dependency_unavailable` with `Retry-After`: the replay store or rate limiter (Redis) failed.
 * Typed, never a 500: the client did nothing wrong and the same request can succeed shortly, and a
 * pending payment is not used up (no claim was taken).
 */
export function dependencyUnavailable(retryAfterSeconds: number): Px402Answer {
  return {
    kind: 'answer',
    status: 503,
    headers: { ...NO_STORE, 'Retry-After': String(retryAfterSeconds) },
    body: { reason: 'dependency_unavailable', message: `a payment store is unavailable; retry in ${retryAfterSeconds} s` },
  };
}

/** 429 with `Retry-After` in whole seconds (RFC 6585 §4, RFC 9110 §10.2.3), at least 1. */
export function tooManyRequests(retryAfterMs: number): Px402Answer {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return {
    kind: 'answer',
    status: 429,
    headers: { ...NO_STORE, 'Retry-After': String(seconds) },
    body: { reason: 'rate_limited', message: `too many requests; retry in ${seconds} s` },
  };
}
