import { readPaymentRequired } from '../http/payment-required.parser';

/**
 * The facilitator's reasons that say this session will never pay again, whatever the request:
 * its lamport budget is spent (`facilitator_budget_exhausted`: the facilitator would pay more in
 * fees and rents than it allows one session), or it expired, was closed, revoked or is unknown.
 * Not `cap_exceeded` (a cheaper call may still fit) nor `session_suspended` (an operator may lift it).
 */
export const SESSION_ENDING_REASONS: ReadonlySet<string> = new Set([
  'facilitator_budget_exhausted',
  'session_expired',
  'session_closed',
  'session_revoked',
  'session_not_found',
]);

/** The reason of a paid request's 402 when it says the session cannot pay any more, else undefined. */
export function sessionEndingReason(response: Response): string | undefined {
  if (response.status !== 402) return undefined;
  let error: string | undefined;
  try {
    error = readPaymentRequired(response)?.error;
  } catch {
    return undefined;
  }
  return error !== undefined && SESSION_ENDING_REASONS.has(error) ? error : undefined;
}
