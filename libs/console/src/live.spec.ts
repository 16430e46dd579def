import { describe, expect, it } from 'vitest';
import type { SettlementEvent } from './api';
import { perBucket, sumAmounts } from './format';
import { mergeSettlements } from './live';

const settled = (id: string, at: string, amount = '500000'): SettlementEvent => ({
  kind: 'settlement.settled',
  settlementId: id,
  sessionId: 's',
  amount,
  signature: `sig-${id}`,
  at,
});

describe('console data helpers', () => {
  it('merges fetched and live settlements once each, newest first', () => {
    const fetched = [settled('a', '2026-01-01T00:00:02Z'), settled('b', '2026-01-01T00:00:01Z')];
    const live = [settled('c', '2026-01-01T00:00:03Z'), settled('a', '2026-01-01T00:00:02Z')];
    expect(mergeSettlements(fetched, live).map((e) => e.settlementId)).toEqual(['c', 'a', 'b']);
    // A failure and a later settlement of the same id are two outcomes, both shown.
    const failed: SettlementEvent = { ...settled('b', '2026-01-01T00:00:00Z'), kind: 'settlement.failed', reason: 'x' };
    expect(mergeSettlements(fetched, [failed])).toHaveLength(3);
  });

  it('sums base units exactly beyond 2^53 and counts per bucket', () => {
    expect(sumAmounts(['9007199254740993', '1'])).toBe('9007199254740994');
    expect(sumAmounts([])).toBe('0');
    const now = 10 * 60_000;
    expect(perBucket([now - 1, now - 60_001, now - 60_002, now + 5, now - 10 * 60_000], 60_000, 3, now)).toEqual([0, 2, 1]);
  });
});
