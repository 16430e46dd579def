import { describe, expect, it } from 'vitest';
import { appendPoint, figure, millis } from './metrics';

describe('console metrics helpers', () => {
  it('keeps the newest points, one per scrape', () => {
    const at = (n: number) => ({ sampledAt: `2026-01-01T00:00:0${n}Z`, n });
    let history = appendPoint([], at(1), 3);
    history = appendPoint(history, at(2), 3);
    history = appendPoint(history, { ...at(2), n: 20 }, 3);
    expect(history.map((p) => p.n)).toEqual([1, 20]);
    history = appendPoint(appendPoint(history, at(3), 3), at(4), 3);
    expect(history.map((p) => p.n)).toEqual([20, 3, 4]);
  });

  it('shows an unreported figure as a dash, never as zero', () => {
    expect(figure(null, 2)).toBe('—');
    expect(figure(0, 2)).toBe('0.00');
    expect(figure(1.234, 0)).toBe('1');
    expect(millis(undefined)).toBe('—');
    expect(millis(0.0125)).toBe('13 ms');
  });
});
