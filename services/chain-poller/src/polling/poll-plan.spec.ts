import { describe, expect, it } from 'vitest';
import { chunk, planApplyOrder } from './poll-plan';

const ref = (signature: string, slot: number, failed = false) => ({ signature, slot, failed });

describe('planApplyOrder', () => {
  it('applies oldest slot first and restores block order inside a slot', () => {
    // RPC order: newest first; within slot 7, c was listed before b (c is later in the block).
    const plan = planApplyOrder([ref('d', 9), ref('c', 7), ref('b', 7), ref('a', 5)]);
    expect(plan.map((p) => [p.signature, p.slot, p.index])).toEqual([
      ['a', 5, 0],
      ['b', 7, 0],
      ['c', 7, 1],
      ['d', 9, 0],
    ]);
  });

  it('sorts by slot even when pages arrive out of slot order, keeping ties stable', () => {
    const plan = planApplyOrder([ref('x', 4), ref('late', 8), ref('y', 4)]);
    expect(plan.map((p) => p.signature)).toEqual(['y', 'x', 'late']);
  });

  it('keeps the failed flag for the caller to skip', () => {
    expect(planApplyOrder([ref('f', 3, true)])[0]).toEqual({ signature: 'f', slot: 3, failed: true, index: 0 });
  });
});

describe('chunk', () => {
  it('slices into runs of at most size', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 16)).toEqual([]);
  });

  it('refuses a non-positive size', () => {
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });
});
