import { InvalidOptionError } from '@quietpay/x402';
/** How long to wait between retries while a paid request answers `402 payment_pending`. */
export interface PrivateRetryPolicy {
  /** Delays in ms before each retry; the last one repeats until `maxWaitMs`. */
  readonly schedule: readonly number[];
  /** Give up (typed `settle-wait` error, payment kept) after this long waiting for settlement. */
  readonly maxWaitMs: number;
}

/**
 * Localnet: the crank runs every 500 ms, so settlements land within a second or two; poll in 250 ms
 * steps and give up after 30 s.
 */
export const LOCALNET_RETRY_POLICY: PrivateRetryPolicy = {
  schedule: [250, 250, 250, 250, 500, 500, 1000],
  maxWaitMs: 30_000,
};

/**
 * Devnet/mainnet: the TEE crank and base-chain confirmation take minutes, not seconds. Keep the
 * total under the payment token's TTL (5 min by default), or the answer turns `expired`.
 */
export const DEVNET_RETRY_POLICY: PrivateRetryPolicy = {
  schedule: [2_000, 5_000, 10_000, 30_000, 60_000, 120_000],
  maxWaitMs: 290_000,
};

/**
 * The delay before retry number `attempt` (0-based), or undefined when waiting it would pass
 * `maxWaitMs` given `elapsedMs` already spent.
 *
 * @example
 * const delay = nextRetryDelay(LOCALNET_RETRY_POLICY, 3, 1_000); // 250
 */
export function nextRetryDelay(policy: PrivateRetryPolicy, attempt: number, elapsedMs: number): number | undefined {
  const { schedule } = policy;
  if (schedule.length === 0) return undefined;
  const delay = schedule[Math.min(attempt, schedule.length - 1)] ?? 0;
  return elapsedMs + delay > policy.maxWaitMs ? undefined : delay;
}

/**
 * Checks a caller's policy once, at client creation, so a typo fails fast instead of mid-payment.
 *
 * @example
 * assertRetryPolicy({ schedule: [2000, 5000], maxWaitMs: 60_000 });
 */
export function assertRetryPolicy(policy: PrivateRetryPolicy): void {
  if (policy.schedule.length === 0) throw new InvalidOptionError('retry policy', 'retry.schedule', 'needs at least one delay');
  for (const d of policy.schedule) {
    if (!Number.isFinite(d) || d < 0) throw new InvalidOptionError('retry policy', 'retry.schedule', 'has an invalid delay', d);
  }
  if (!Number.isFinite(policy.maxWaitMs) || policy.maxWaitMs <= 0)
    throw new InvalidOptionError('retry policy', 'retry.maxWaitMs', 'must be positive', policy.maxWaitMs);
}
