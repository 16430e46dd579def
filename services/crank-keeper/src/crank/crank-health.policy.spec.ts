import { describe, expect, it } from 'vitest';
import { judgeCrank } from './crank-health.policy';

describe('judgeCrank', () => {
  const idle = { oldestPendingAtMs: undefined, lastSettlementAtMs: 1 };

  it('leaves an empty queue alone', () => {
    expect(judgeCrank(100_000, idle, undefined, 15_000, 60_000)).toEqual({ ensureCrank: false, stalled: false, detail: '' });
  });

  it('forces a run once entries are stale, and reports a stall past the threshold', () => {
    expect(judgeCrank(10_000, { oldestPendingAtMs: 0, lastSettlementAtMs: undefined }, undefined, 15_000, 60_000).ensureCrank).toBe(false);
    expect(judgeCrank(16_000, { oldestPendingAtMs: 0, lastSettlementAtMs: undefined }, undefined, 15_000, 60_000)).toMatchObject({
      ensureCrank: true,
      stalled: false,
    });
    expect(judgeCrank(61_000, { oldestPendingAtMs: 0, lastSettlementAtMs: undefined }, undefined, 15_000, 60_000)).toMatchObject({
      ensureCrank: true,
      stalled: true,
    });
  });

  it('reports a payments API failure as a stall', () => {
    expect(judgeCrank(0, idle, 'HTTP 503', 15_000, 60_000)).toEqual({ ensureCrank: false, stalled: true, detail: 'payments API: HTTP 503' });
  });
});
