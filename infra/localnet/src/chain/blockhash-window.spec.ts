import { describe, expect, it } from 'vitest';
import { BlockhashWindow } from './blockhash-window';

describe('BlockhashWindow', () => {
  it('keeps a blockhash valid for maxAge blocks, then forgets it', () => {
    const w = new BlockhashWindow(3);
    w.push('a', 1);
    expect(w.lastValidBlockHeight('a')).toBe(4);
    expect(w.isValid('a', 4)).toBe(true);
    expect(w.isValid('a', 5)).toBe(false);
    for (const [i, h] of ['b', 'c', 'd', 'e'].entries()) w.push(h, i + 2);
    expect(w.isValid('a', 2)).toBe(false);
    expect(w.isValid('unknown', 1)).toBe(false);
  });
});
