import { isBase58Address, isPaymentId, isPositiveU64Decimal, PX402_HEADERS as H, PX402_NETWORK, PX402_PARTS_SUMMED } from '@quietpay/x402';

/** What a px402 402 answer asks for. */
export interface Px402Quote {
  /** Micro-USDC. */
  readonly amount: bigint;
  /** Recipient wallet (not its token account): the `to` of the private transfer. */
  readonly address: string;
  /** Decimal u63, never 0: becomes the transfer's `clientRefId`. */
  readonly paymentId: string;
  /** Opaque HMAC token to send back with the id. */
  readonly token: string;
  /**
   * The server sums every settlement carrying the id (`X-Payment-Parts: sum`, quietpay's
   * extension), so the quote may be paid in standard-denomination parts. False for px402 peers.
   */
  readonly partsSummed: boolean;
}

export type Px402QuoteParse =
  { readonly ok: true; readonly quote: Px402Quote } | { readonly ok: false; readonly reason: 'not_px402' | 'malformed_quote'; readonly detail: string };

/** Anything with a case-insensitive `get`, i.e. the fetch `Headers`. */
export interface HeaderSource {
  get(name: string): string | null;
}

const DIGITS = /^[0-9]{1,20}$/;

/**
 * A decimal header value in canonical form: a peer's leading zeros are dropped (the id echoes back
 * as the server wrote it, compared as a number), anything else is left to fail the wire rule.
 */
function canonicalDecimal(text: string): string {
  return DIGITS.test(text) ? BigInt(text).toString() : text;
}

/**
 * Reads a px402 quote from 402 answer headers. An answer without `X-Payment-Network: solana-per` is
 * `not_px402` (another scheme may handle it); a px402 answer with a bad field is `malformed_quote`,
 * and is never paid.
 *
 * @example
 * const parsed = parsePx402Quote(response.headers);
 * if (parsed.ok) console.log(`pay ${parsed.quote.amount} to ${parsed.quote.address}`);
 */
export function parsePx402Quote(headers: HeaderSource): Px402QuoteParse {
  const network = headers.get(H.network);
  if (network?.trim() !== PX402_NETWORK) {
    return { ok: false, reason: 'not_px402', detail: `${H.network} is ${network ?? 'absent'}` };
  }
  const bad = (detail: string): Px402QuoteParse => ({ ok: false, reason: 'malformed_quote', detail });
  const currency = headers.get(H.currency);
  if (currency !== null && currency.trim() !== 'USDC') return bad(`unsupported currency ${currency}`);
  const amount = canonicalDecimal(headers.get(H.amount)?.trim() ?? '');
  if (!isPositiveU64Decimal(amount)) return bad(`${H.amount} must be a positive decimal within u64`);
  const paymentId = canonicalDecimal(headers.get(H.id)?.trim() ?? '');
  if (!isPaymentId(paymentId)) return bad(`${H.id} must be a decimal u63 other than 0`);
  const address = headers.get(H.address)?.trim() ?? '';
  if (!isBase58Address(address)) return bad(`${H.address} is not a base58 address`);
  const token = headers.get(H.token)?.trim() ?? '';
  if (token.length === 0) return bad(`${H.token} is missing`);
  const partsSummed = headers.get(H.parts)?.trim().toLowerCase() === PX402_PARTS_SUMMED;
  return { ok: true, quote: { amount: BigInt(amount), address, paymentId, token, partsSummed } };
}

/**
 * Seconds or an HTTP date in `Retry-After` (RFC 9110 §10.2.3) as milliseconds from `nowMs`;
 * undefined when absent or unreadable.
 *
 * @example
 * const waitMs = parseRetryAfterMs(res.headers.get('retry-after'), Date.now()) ?? 1000;
 */
export function parseRetryAfterMs(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^[0-9]+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
