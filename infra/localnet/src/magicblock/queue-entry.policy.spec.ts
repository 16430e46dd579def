import { describe, expect, it } from 'vitest';
import { crankIdleExpired, pickReadyAtMs, splitAmount, tokenFee } from './queue-entry.policy';

describe('queue entry policy', () => {
  it('splits into positive parts that sum to the amount', () => {
    expect(splitAmount(10n, 3)).toEqual([4n, 3n, 3n]);
    expect(splitAmount(15n, 15).every((p) => p === 1n)).toBe(true);
    expect(() => splitAmount(2n, 3)).toThrow(RangeError);
  });

  it('draws ready times inside [min, max]', () => {
    expect(pickReadyAtMs(1000n, 10n, 20n, () => 0)).toBe(1010n);
    expect(pickReadyAtMs(1000n, 10n, 20n, () => 0.9999999)).toBe(1020n);
    expect(pickReadyAtMs(1000n, 0n, 0n, () => 0.5)).toBe(1000n);
    expect(() => pickReadyAtMs(0n, 5n, 1n, () => 0)).toThrow(RangeError);
  });

  it('charges 0.1 % rounded up', () => {
    expect(tokenFee(1_000_000n, 10)).toBe(1_000n);
    expect(tokenFee(1n, 10)).toBe(1n);
    expect(tokenFee(1_000_000n, 0)).toBe(0n);
  });

  it('expires the crank once the idle window has passed since the last kick', () => {
    expect(crankIdleExpired(60_000, 0, 60_000)).toBe(true);
    expect(crankIdleExpired(59_999, 0, 60_000)).toBe(false);
  });
});
