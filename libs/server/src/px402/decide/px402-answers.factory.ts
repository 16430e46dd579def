import { PX402_CURRENCY, PX402_HEADERS, PX402_NETWORK, PX402_PARTS_SUMMED } from './px402-headers.constants';
import { Px402Answer, Px402ErrorCode, Px402Reason } from './px402-request.types';

/** A payment quote: what the client must pay and the id/token to retry with. */
export interface Px402Quote {
  readonly amount: string;
  readonly destination: string;
  readonly paymentId: string;
  readonly token: string;
  /** Epoch milliseconds. */
  readonly expiry: number;
  readonly description?: string;
  /** The server sums a payment's parts: the quote says so with `X-Payment-Parts: sum`. */
  readonly partsSummed?: boolean;
}

const errorOf = (reason: Px402Reason): Px402ErrorCode => (reason === 'expired' ? 'payment_required' : reason);

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
    ...(quote.partsSummed === true ? { [PX402_HEADERS.parts]: PX402_PARTS_SUMMED } : {}),
  };
}

/**
 * 402 carrying a quote: the first answer, `payment_pending`, `expired` (fresh quote),
 * `amount_mismatch` (with `extra` = px402's `expected`/`actual`). The body has px402's fields
 * (`error`, `destination`, `expiry`) and quietpay's (`reason`, `address`, `message`). A first quote
 * keeps `reason: "payment_required"` where px402 writes `"initial"`: quietpay SDKs before 0.2 only
 * know that value, and px402's client reads `reason` only to spot `"expired"`.
 */
export function paymentRequired(reason: Px402Reason, message: string, quote: Px402Quote, extra: Record<string, string> = {}): Px402Answer {
  return {
    kind: 'answer',
    status: 402,
    headers: quoteHeaders(quote),
    body: {
      error: errorOf(reason),
      reason,
      message,
      amount: quote.amount,
      currency: PX402_CURRENCY,
      network: PX402_NETWORK,
      destination: quote.destination,
      address: quote.destination,
      paymentId: quote.paymentId,
      expiry: quote.expiry,
      description: quote.description,
      ...extra,
    },
  };
}

/** An answer without a quote: 401 token problems, 409 replay, 503 rpc_error (`detail` as px402 names it). */
export function refusal(status: 401 | 409 | 503, reason: Px402Reason, message: string): Px402Answer {
  const detail = reason === 'rpc_error' ? { detail: message } : {};
  return { kind: 'answer', status, headers: { ...NO_STORE }, body: { error: errorOf(reason), reason, message, ...detail } };
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
    body: { error: 'dependency_unavailable', reason: 'dependency_unavailable', message: `a payment store is unavailable; retry in ${retryAfterSeconds} s` },
  };
}

/** 429 with `Retry-After` in whole seconds (RFC 6585 §4, RFC 9110 §10.2.3), at least 1. */
export function tooManyRequests(retryAfterMs: number): Px402Answer {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return {
    kind: 'answer',
    status: 429,
    headers: { ...NO_STORE, 'Retry-After': String(seconds) },
    body: { error: 'rate_limited', reason: 'rate_limited', message: `too many requests; retry in ${seconds} s` },
  };
}
