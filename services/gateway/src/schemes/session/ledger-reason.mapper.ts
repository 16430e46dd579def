import { isTransportErrorCode, QuietpayError } from '@quietpay/platform';
import { isX402ErrorCode } from '@quietpay/x402';
import { ApiError } from '../../http/api-error';
import { serviceErrorAnswer, type X402Answer } from '../../http/service-error-answers';

/**
 * Nothing is known about the payment, asking again may work: a transport failure, or a reply the
 * gateway could not read (`bus_bad_reply`: the ledger may have acted on it).
 */
function outcomeUnknown(code: string): boolean {
  return isTransportErrorCode(code) || code === 'bus_bad_reply';
}

export interface MappedReason {
  readonly reason: string;
  readonly message: string;
}

/**
 * Turns a ledger failure into the x402 reason /verify or /settle answers with. A payment-level code
 * passes through (`cap_exceeded`, `nonce_replayed`...); transport and unknown failures become the
 * operation's `unexpected_*_error` without leaking internals.
 */
export function reasonFromLedgerError(error: unknown, operation: 'verify' | 'settle'): MappedReason {
  const fallback = operation === 'verify' ? 'unexpected_verify_error' : 'unexpected_settle_error';
  if (!(error instanceof QuietpayError)) return { reason: fallback, message: 'internal error' };
  if (outcomeUnknown(error.code)) return { reason: fallback, message: `session-ledger unavailable (${error.code}); retry` };
  // A request the ledger could not decode is the payer's malformed payload (as a settlement's
  // failure reason the same code is a peer's bug: unexpected).
  if (error.code === 'contract_violation') return { reason: 'invalid_payload', message: error.message };
  const reason = x402Answer(error.code);
  return reason === 'unexpected' ? { reason: fallback, message: `${error.code}` } : { reason, message: error.message };
}

/** The code's row in SERVICE_ERROR_ANSWERS; a code no service declares passes only when it is an x402 reason. */
function x402Answer(code: string): X402Answer {
  return serviceErrorAnswer(code)?.x402 ?? (isX402ErrorCode(code) ? code : 'unexpected');
}

/**
 * A submitter failure_reason (its own code or a peer's it passed on) as an x402 errorReason, by
 * SERVICE_ERROR_ANSWERS: x402 reasons pass, anything else is unexpected.
 */
export function reasonFromSettlementFailure(failureReason: string): string {
  const reason = x402Answer(failureReason);
  return reason === 'unexpected' ? 'unexpected_settle_error' : reason;
}

/**
 * The ledger's per-session rate limit (counted on verified calls) is not a verdict on the payment:
 * it is answered like the gateway's own limits, 429 with Retry-After, by throwing to the filter.
 */
export function throwIfRateLimited(error: unknown): void {
  if (!(error instanceof QuietpayError) || error.code !== 'rate_limited') return;
  const retryAfterSeconds = Math.max(1, Number(error.context['retryAfterSeconds']) || 1);
  throw new ApiError('rate_limited', `too many requests (payments_per_session); retry in ${retryAfterSeconds} s`, {
    retryAfterSeconds,
    fields: { limit: 'payments_per_session' },
  });
}
