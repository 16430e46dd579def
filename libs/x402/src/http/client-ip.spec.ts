import { describe, expect, it } from 'vitest';
import { clientIp, UNKNOWN_CLIENT_IP } from './client-ip';
import { parseTrustedProxies } from './trusted-proxies';

const trusted = parseTrustedProxies(['10.0.0.0/8', '2001:db8:aa::/48', '127.0.0.1']);

describe('clientIp', () => {
  it('ignores X-Forwarded-For from an untrusted peer', () => {
    expect(clientIp('203.0.113.9', '1.2.3.4', trusted)).toBe('203.0.113.9');
  });

  it('takes the rightmost untrusted hop behind a trusted proxy', () => {
    expect(clientIp('10.0.0.5', '198.51.100.1, 203.0.113.9', trusted)).toBe('203.0.113.9');
  });

  it('skips several trusted hops, IPv4 and IPv6', () => {
    expect(clientIp('10.1.2.3', '198.51.100.1, 203.0.113.9, 2001:db8:aa::7, 10.9.9.9', trusted)).toBe('203.0.113.9');
  });

  it('does not let a client-written leftmost entry win', () => {
    expect(clientIp('10.0.0.5', '127.0.0.1, 10.0.0.1, 198.51.100.1', trusted)).toBe('198.51.100.1');
  });

  it('returns the leftmost hop when every hop is trusted', () => {
    expect(clientIp('127.0.0.1', '10.0.0.2, 10.0.0.3', trusted)).toBe('10.0.0.2');
  });

  it('returns the trusted peer when there is no header', () => {
    expect(clientIp('10.0.0.5', undefined, trusted)).toBe('10.0.0.5');
  });

  it('stops at a malformed entry and keeps the last verified hop', () => {
    expect(clientIp('10.0.0.5', '198.51.100.1, not-an-ip', trusted)).toBe('10.0.0.5');
  });

  it('joins repeated headers in order', () => {
    expect(clientIp('10.0.0.5', ['198.51.100.1', '10.0.0.7'], trusted)).toBe('198.51.100.1');
  });

  it('normalizes IPv4-mapped IPv6 peers, ports and brackets', () => {
    expect(clientIp('::ffff:10.0.0.5', '198.51.100.1:4711', trusted)).toBe('198.51.100.1');
    expect(clientIp('::FFFF:127.0.0.1', '[2001:DB8:BB::1]:443', trusted)).toBe('2001:db8:bb::1');
  });

  it('treats an address outside an IPv6 range as the client', () => {
    expect(clientIp('2001:db8:ab::1', '198.51.100.1', trusted)).toBe('2001:db8:ab::1');
  });

  it('trusts nobody with an empty list', () => {
    expect(clientIp('10.0.0.5', '198.51.100.1', [])).toBe('10.0.0.5');
  });

  it('answers unknown when the peer address is missing or not an IP', () => {
    expect(clientIp(undefined, '198.51.100.1', trusted)).toBe(UNKNOWN_CLIENT_IP);
    expect(clientIp('garbage', '198.51.100.1', trusted)).toBe(UNKNOWN_CLIENT_IP);
  });
});

describe('parseTrustedProxies', () => {
  it.each(['10.0.0.0/33', 'fd00::/129', 'nope/8', '10.0.0.0/8/1', '10.0.0.0/x', '10.0.0.0/'])('rejects %s', (cidr) => {
    expect(() => parseTrustedProxies([cidr])).toThrow(RangeError);
  });
});
