import { describe, expect, it } from 'vitest';
import { requireAddress, requireHttpUrl } from './option-checks';
import { InvalidOptionError } from './quietpay.error';

describe('requireHttpUrl', () => {
  it.each(['http://127.0.0.1:4021', 'https://facilitator.example/x402', 'http://[::1]:8899'])('accepts %s and returns it', (url) => {
    expect(requireHttpUrl('f', 'url', url)).toBe(url);
  });

  it.each([undefined, null, 42, '', 'facilitator.example', 'ws://127.0.0.1:8900', 'ftp://example.com', 'javascript:alert(1)', 'http//missing-colon'])(
    'refuses %s with an InvalidOptionError naming the field',
    (value) => {
      expect(() => requireHttpUrl('createSession', 'facilitatorUrl', value)).toThrow(InvalidOptionError);
      expect(() => requireHttpUrl('createSession', 'facilitatorUrl', value)).toThrow(/facilitatorUrl/);
    },
  );
});

describe('requireAddress', () => {
  it('accepts a 32-byte base58 address and refuses anything else', () => {
    expect(requireAddress('f', 'payTo', '11111111111111111111111111111111')).toBe('11111111111111111111111111111111');
    for (const bad of [undefined, '', 'not-base58-0OIl', '1111', 7]) expect(() => requireAddress('f', 'payTo', bad)).toThrow(InvalidOptionError);
  });
});
