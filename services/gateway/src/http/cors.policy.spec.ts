import { describe, expect, it } from 'vitest';
import { normalizeOrigin, originAllowed, parseCorsPolicy } from './cors.policy';

describe('CORS policy', () => {
  it('defaults to any origin on localnet and none elsewhere', () => {
    expect(originAllowed(parseCorsPolicy(undefined, 'localnet'), 'http://localhost:5173')).toBe(true);
    expect(originAllowed(parseCorsPolicy(undefined, 'devnet'), 'http://localhost:5173')).toBe(false);
    expect(originAllowed(parseCorsPolicy(undefined, 'mainnet'), 'https://app.example')).toBe(false);
  });

  it('matches listed origins in the form browsers send', () => {
    const policy = parseCorsPolicy('https://App.example:443, http://localhost:5173', 'mainnet');
    expect(originAllowed(policy, 'https://app.example')).toBe(true);
    expect(originAllowed(policy, 'http://localhost:5173')).toBe(true);
    expect(originAllowed(policy, 'http://app.example')).toBe(false);
    expect(originAllowed(policy, 'null')).toBe(false);
  });

  it('refuses an origin with a path', () => {
    expect(() => normalizeOrigin('https://app.example/pay')).toThrow(RangeError);
  });
});
