import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AdminKeys, digestOf } from './admin-keys';

const KEY = 'k'.repeat(32);
const OTHER = 'o'.repeat(40);

describe('AdminKeys', () => {
  it('identifies plain and sha256 entries by id, and nothing else', () => {
    const hex = createHash('sha256').update(OTHER).digest('hex');
    const keys = AdminKeys.parse(`# comment\n\nalice ${KEY}\nci   sha256:${hex}\n`);
    expect(keys.identify(KEY)).toBe('alice');
    expect(keys.identify(OTHER)).toBe('ci');
    expect(keys.identify(`sha256:${hex}`)).toBeUndefined();
    expect(keys.identify('')).toBeUndefined();
    expect(keys.size).toBe(2);
  });

  it('refuses malformed files naming the line, never its content', () => {
    const cases: [string, RegExp][] = [
      ['', /no admin key/],
      [`alice short`, /line 1: a key must be at least 32/],
      [`alice ${KEY} extra`, /line 1: expected/],
      [`${KEY}`, /line 1: expected/],
      [`bad/id ${KEY}`, /line 1: the id/],
      [`a ${KEY}\na ${OTHER}`, /line 2: duplicate id a/],
    ];
    for (const [text, message] of cases) {
      expect(() => AdminKeys.parse(text)).toThrow(message);
      try {
        AdminKeys.parse(text);
      } catch (error) {
        expect((error as Error).message).not.toContain(KEY);
      }
    }
  });

  it('finds admin keys that are also API keys, and never prints a key', () => {
    const keys = AdminKeys.parse(`alice ${KEY}\nbob ${OTHER}`);
    expect(keys.overlapping([digestOf('unrelated'), digestOf(OTHER)])).toEqual(['bob']);
    expect(JSON.stringify({ keys })).not.toContain(KEY);
    expect(inspect(keys)).toBe('[2 admin keys]');
  });
});
