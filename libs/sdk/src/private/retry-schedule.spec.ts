import { InvalidOptionError } from '@quietpay/x402';
import { describe, expect, it } from 'vitest';
import { assertRetryPolicy, DEVNET_RETRY_POLICY, LOCALNET_RETRY_POLICY, nextRetryDelay } from './retry-schedule';

describe('nextRetryDelay', () => {
  const policy = { schedule: [100, 200, 400], maxWaitMs: 1_000 };

  it('walks the schedule and repeats its last delay', () => {
    expect([0, 1, 2, 3, 7].map((a) => nextRetryDelay(policy, a, 0))).toEqual([100, 200, 400, 400, 400]);
  });

  it('stops when the next wait would pass maxWaitMs', () => {
    expect(nextRetryDelay(policy, 2, 600)).toBe(400);
    expect(nextRetryDelay(policy, 2, 601)).toBeUndefined();
  });

  it('ships a localnet default in sub-second steps and a devnet schedule in minutes under the 5 min token TTL', () => {
    expect(Math.max(...LOCALNET_RETRY_POLICY.schedule)).toBeLessThanOrEqual(1_000);
    expect(DEVNET_RETRY_POLICY.schedule).toEqual([2_000, 5_000, 10_000, 30_000, 60_000, 120_000]);
    expect(DEVNET_RETRY_POLICY.maxWaitMs).toBeLessThan(300_000);
  });
});

describe('assertRetryPolicy', () => {
  it('refuses empty schedules, negative delays and non-positive budgets', () => {
    expect(() => assertRetryPolicy({ schedule: [], maxWaitMs: 1 })).toThrow(InvalidOptionError);
    expect(() => assertRetryPolicy({ schedule: [-1], maxWaitMs: 1 })).toThrow(InvalidOptionError);
    expect(() => assertRetryPolicy({ schedule: [1], maxWaitMs: 0 })).toThrow(InvalidOptionError);
    expect(() => assertRetryPolicy(LOCALNET_RETRY_POLICY)).not.toThrow();
  });
});
