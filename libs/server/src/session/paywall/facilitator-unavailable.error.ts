import { QuietpayError } from '@quietpay/x402';
import type { PaywallReply } from './paywall-reply.types';

/** Which facilitator call failed. */
export type FacilitatorPhase = 'supported' | 'verify' | 'settle';

/**
 * The facilitator could not be asked (connection refused, timeout, 5xx such as its `503
 * overloaded`, an unreadable answer). Retryable: nothing was charged that a retry with the same
 * payment would charge again. `status` is the HTTP status when there was an answer;
 * `retryAfterSeconds` the answer's Retry-After when it gave one.
 */
export class FacilitatorUnavailableError extends QuietpayError {
  override readonly name: string = 'FacilitatorUnavailableError';
  override readonly code = 'facilitator_unavailable' as const;
  override readonly phase: FacilitatorPhase;
  readonly status: number | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(phase: FacilitatorPhase, message: string, options?: { readonly cause?: unknown; readonly status?: number; readonly retryAfterSeconds?: number }) {
    super(message, { code: 'facilitator_unavailable', retryable: true, phase, cause: options?.cause });
    this.phase = phase;
    this.status = options?.status;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

/** Seconds a client should wait before retrying after an outage answer whose facilitator named no wait. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

/**
 * The answer to a facilitator outage: 503 JSON with a typed reason and Retry-After, never the
 * framework's HTML 500. The client retries the same request (with the same payment, if any). The
 * wait is the facilitator's own Retry-After when it gave one (an overloaded gateway knows how long
 * it sheds load), else OUTAGE_RETRY_AFTER_SECONDS.
 */
export function outageReply(error: FacilitatorUnavailableError): PaywallReply {
  const retryAfterSeconds = error.retryAfterSeconds ?? OUTAGE_RETRY_AFTER_SECONDS;
  return {
    status: 503,
    headers: { 'Retry-After': String(retryAfterSeconds), 'Cache-Control': 'no-store' },
    body: {
      error: error.code,
      phase: error.phase,
      retryable: true,
      retryAfterSeconds,
      message: 'the payment facilitator is unavailable; retry later',
    },
  };
}
