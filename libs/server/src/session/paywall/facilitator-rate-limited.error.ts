import { QuietpayError } from '@quietpay/x402';
import type { PaywallReply } from './paywall-reply.types';

/**
 * The facilitator answered `/verify` (or `/settle`) with 429: the session (or this API key) made
 * more calls in its window than the facilitator allows (`RATE_LIMIT_PAYMENTS_PER_SESSION`). Not an
 * outage and not a verdict on the payment: nothing was charged, and the same request may be sent
 * again after `retryAfterSeconds`. A session refused for good (`facilitator_budget_exhausted`,
 * `session_expired`...) that its client keeps calling ends up here too.
 */
export class FacilitatorRateLimitedError extends QuietpayError {
  override readonly name: string = 'FacilitatorRateLimitedError';
  override readonly code = 'rate_limited' as const;
  override readonly phase: 'verify' | 'settle';

  constructor(
    readonly retryAfterSeconds: number,
    message: string,
    phase: 'verify' | 'settle' = 'verify',
  ) {
    super(message, { code: 'rate_limited', retryable: true, phase });
    this.phase = phase;
  }
}

/** Seconds to wait from the facilitator's Retry-After (whole seconds), at least 1. */
export function retryAfterOf(header: string | null): number {
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 1 ? Math.ceil(seconds) : 1;
}

/**
 * The answer to a facilitator's 429: 429 JSON `rate_limited` with Retry-After, so a client backs
 * off instead of reading an outage (503) or a missing payment (402).
 */
export function rateLimitedReply(error: FacilitatorRateLimitedError): PaywallReply {
  return {
    status: 429,
    headers: { 'Retry-After': String(error.retryAfterSeconds), 'Cache-Control': 'no-store' },
    body: {
      error: error.code,
      phase: error.phase,
      retryable: true,
      retryAfterSeconds: error.retryAfterSeconds,
      message: 'the payment facilitator refused this call: too many calls for this session; retry after Retry-After',
    },
  };
}
