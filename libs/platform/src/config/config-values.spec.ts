import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commaList, positiveInt } from './config-values.schema';

describe('shared config values', () => {
  it('reads a comma list trimmed, without empty entries, each entry checked, with a minimum', () => {
    const list = commaList(z.string().regex(/^[a-z]+$/), 1);
    expect(list.parse(' a, b ,,c ')).toEqual(['a', 'b', 'c']);
    expect(list.safeParse(' , ').success).toBe(false);
    expect(list.safeParse('a,B').success).toBe(false);
    expect(commaList(z.string()).parse('')).toEqual([]);
  });

  it('reads a positive integer, with its default when unset', () => {
    const schema = z.object({ N: positiveInt(7) });
    expect(schema.parse({}).N).toBe(7);
    expect(schema.parse({ N: '12' }).N).toBe(12);
    for (const bad of ['0', '-1', '1.5', 'x']) expect(schema.safeParse({ N: bad }).success).toBe(false);
  });
});
