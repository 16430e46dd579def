import { describe, expect, it } from 'vitest';
import { isStalled } from './poller-state';

describe('isStalled', () => {
  it('counts from the last success', () => {
    expect(isStalled(40_000, 9_000, 0, 30_000)).toBe(true);
    expect(isStalled(39_000, 9_000, 0, 30_000)).toBe(false);
  });

  it('counts from start-up when nothing ever succeeded', () => {
    expect(isStalled(31_000, undefined, 1_000, 30_000)).toBe(false);
    expect(isStalled(31_001, undefined, 1_000, 30_000)).toBe(true);
  });
});
