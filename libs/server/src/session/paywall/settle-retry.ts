import type { SettleResponse } from '@quietpay/x402';

/** How long the paywall keeps asking `/settle` while the facilitator answers `settlement_pending`. */
export interface SettleRetryPolicy {
  /** Delays in ms before each retry; the last one repeats until `maxWaitMs`. */
  readonly schedule: readonly number[];
  /** Stop asking (answer 402 with Retry-After) once waiting longer would pass this. */
  readonly maxWaitMs: number;
}

/**
 * Backs off from a quick look (a per-call settlement usually confirms in a second) to a few
 * seconds, and gives up after 20 s: a request should not hang on an outage; the client retries
 * with the same payment and is served once the settlement finishes.
 */
export const DEFAULT_SETTLE_RETRY: SettleRetryPolicy = { schedule: [250, 500, 1_000, 2_000, 4_000], maxWaitMs: 20_000 };

/** A settlement that is still pending when the policy ran out, with the wait a client should observe. */
export interface SettlePending {
  readonly pending: true;
  readonly receipt: SettleResponse;
  readonly retryAfterSeconds: number;
}

const isPending = (receipt: SettleResponse): boolean => !receipt.success && receipt.errorReason === 'settlement_pending';

/**
 * Calls `settle` with the *same* payment until it is final (success or a refusal) or the policy
 * runs out. Every retry lands on the same idempotency key, so this never pays twice; a client
 * never needs a new nonce to finish a payment.
 *
 * @example
 * const outcome = await settleUntilFinal(() => facilitator.settle(payload, requirements), DEFAULT_SETTLE_RETRY);
 */
export async function settleUntilFinal(
  settle: () => Promise<SettleResponse>,
  policy: SettleRetryPolicy,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<SettleResponse | SettlePending> {
  let waited = 0;
  for (let attempt = 0; ; attempt += 1) {
    const receipt = await settle();
    if (!isPending(receipt)) return receipt;
    const delay = policy.schedule[Math.min(attempt, policy.schedule.length - 1)] ?? 0;
    if (policy.schedule.length === 0 || waited + delay > policy.maxWaitMs) {
      return { pending: true, receipt, retryAfterSeconds: Math.max(1, Math.ceil((policy.schedule.at(-1) ?? 1_000) / 1_000)) };
    }
    await sleep(delay);
    waited += delay;
  }
}

/**
 * `/settle` with an unreachable facilitator (connection refused or reset, a 5xx without an x402
 * body) read as `settlement_pending`: the facilitator may have reserved the charge before it died,
 * so the only safe next step is the *same* payment again (idempotent), never a 500 that makes the
 * client give up on a charge that may still be taken.
 *
 * @example
 * const outcome = await settleUntilFinal(pendingWhenUnreachable(() => facilitator.settle(payload, requirements), requirements.network), DEFAULT_SETTLE_RETRY);
 */
export function pendingWhenUnreachable(settle: () => Promise<SettleResponse>, network: SettleResponse['network']): () => Promise<SettleResponse> {
  return () => settle().catch((): SettleResponse => ({ success: false, errorReason: 'settlement_pending', transaction: '', network }));
}

/** Narrows the result of `settleUntilFinal`. */
export function isSettlePending(outcome: SettleResponse | SettlePending): outcome is SettlePending {
  return 'pending' in outcome;
}
