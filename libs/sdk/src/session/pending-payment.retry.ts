import { readPaymentRequired } from '../http/payment-required.parser';

/** How long a session `fetch` re-sends the same paid request while the server answers `settlement_pending`. */
export interface PendingPaymentRetry {
  /** Wait before the first re-send when the server gives no Retry-After (ms); doubles each time. */
  readonly initialDelayMs: number;
  /** Longest wait between two re-sends (ms), Retry-After included. */
  readonly maxDelayMs: number;
  /** Give up (return the 402 as is) once waiting longer would pass this (ms). */
  readonly maxWaitMs: number;
}

/** Up to a minute: long enough for a dependency restart, short enough for an interactive call. */
export const DEFAULT_PENDING_PAYMENT_RETRY: PendingPaymentRetry = { initialDelayMs: 500, maxDelayMs: 5_000, maxWaitMs: 60_000 };

/** True when the answer says the payment was accepted but its settlement is not final yet. */
export function isSettlementPending(response: Response): boolean {
  try {
    return readPaymentRequired(response)?.error === 'settlement_pending';
  } catch {
    return false;
  }
}

/**
 * True for an answer that says the server could not reach a dependency for now (the paywall's
 * `503 facilitator_unavailable`) or may not call it for now (`429 rate_limited`: the facilitator's
 * per-session limit). Once a payment has been answered pending, such an answer to its re-send says
 * nothing about the payment itself: giving up there would leave an accepted charge unserved (the
 * ledger later releases it as never submitted), so the re-sends go on.
 */
export function isTransientOutage(response: Response): boolean {
  return response.status === 503 || response.status === 429;
}

/**
 * Re-sends the paid request (same PAYMENT-SIGNATURE, so the same payment: never a second charge)
 * while the answer is `402 settlement_pending` (or, after that, a transient 503 or 429), honouring
 * Retry-After, until it is served, refused or the policy runs out (then that last answer, with its
 * Retry-After, is returned).
 *
 * @example
 * const res = await resendWhilePending(() => fetch(url, { headers }), await fetch(url, { headers }), DEFAULT_PENDING_PAYMENT_RETRY);
 */
export async function resendWhilePending(
  resend: () => Promise<Response>,
  first: Response,
  policy: PendingPaymentRetry,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<Response> {
  let response = first;
  let waited = 0;
  let backoff = policy.initialDelayMs;
  if (!isSettlementPending(first)) return first;
  while (isSettlementPending(response) || isTransientOutage(response)) {
    const retryAfter = Number(response.headers.get('Retry-After'));
    const delay = Math.min(policy.maxDelayMs, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1_000 : backoff);
    if (waited + delay > policy.maxWaitMs) return response;
    await response.body?.cancel();
    await sleep(delay);
    waited += delay;
    backoff = Math.min(policy.maxDelayMs, backoff * 2);
    response = await resend();
  }
  return response;
}
