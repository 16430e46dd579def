import { describe, expect, it } from 'vitest';
import { percentile } from './percentile.util';

describe('percentile', () => {
  it('uses nearest rank', () => {
    const sample = [50, 10, 40, 20, 30];
    expect(percentile(sample, 50)).toBe(30);
    expect(percentile(sample, 95)).toBe(50);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});
