import { describe, expect, it } from 'vitest';
import { resolveProgramIds } from './program-ids.config';

describe('program ids', () => {
  it('default to the devnet values and take overrides', () => {
    const ids = resolveProgramIds({ incoMint: '11111111111111111111111111111111' });
    expect(ids.incoToken.toBase58()).toBe('9Cir3JKBcQ1mzasrQNKWMiGVZvYu3dxvfkGeQ6mohWWi');
    expect(ids.incoMint.toBase58()).toBe('11111111111111111111111111111111');
  });

  it('fail fast on an invalid key', () => {
    expect(() => resolveProgramIds({ delegation: 'not-a-key' })).toThrow(/delegation/);
  });
});
