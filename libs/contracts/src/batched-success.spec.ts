import { describe, expect, it } from 'vitest';
import { batchedHandOffServes } from './batched-success';
import { SettlementStatus } from './gen/registry';

describe('batchedHandOffServes', () => {
  it('serves a settled hand-off or an accepted one that has not failed, nothing else', () => {
    const serves = (status: SettlementStatus, accepted: boolean) => batchedHandOffServes({ status, accepted });
    expect(serves(SettlementStatus.SETTLED, true)).toBe(true);
    expect(serves(SettlementStatus.SETTLED, false)).toBe(true);
    for (const status of [SettlementStatus.QUEUED, SettlementStatus.SUBMITTED, SettlementStatus.UNSPECIFIED]) {
      expect(serves(status, true)).toBe(true);
      expect(serves(status, false)).toBe(false);
    }
    expect(serves(SettlementStatus.FAILED, true)).toBe(false);
    expect(serves(SettlementStatus.FAILED, false)).toBe(false);
  });
});
