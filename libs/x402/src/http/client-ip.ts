import { isTrusted, normalizeIp, parseTrustedProxies, TrustedProxies } from './trusted-proxies';

/** Bucket for a request whose peer address is unknown (e.g. a runtime that does not expose it). */
export const UNKNOWN_CLIENT_IP = 'unknown';

/**
 * The client address, believing `X-Forwarded-For` only as far as trusted proxies vouch for it.
 * Starting at the socket peer, each hop that is a trusted proxy lets us read one more entry from
 * the right of X-Forwarded-For; the first untrusted hop is the client. A malformed entry ends the
 * walk at the last hop we could verify. A raw header from an untrusted peer is ignored entirely,
 * since anyone can write one.
 *
 * @example
 * const trusted = parseTrustedProxies(['10.0.0.0/8']);
 * clientIp('10.0.0.5', '198.51.100.1, 203.0.113.9', trusted); // '203.0.113.9'
 * clientIp('203.0.113.9', '1.2.3.4', trusted);               // '203.0.113.9' (header ignored)
 */
export function clientIp(
  remoteAddress: string | undefined,
  xForwardedFor: string | readonly string[] | undefined,
  trustedProxies: TrustedProxies | readonly string[],
): string {
  const trusted = 'list' in trustedProxies ? trustedProxies : parseTrustedProxies(trustedProxies);
  const peer = remoteAddress === undefined ? undefined : normalizeIp(remoteAddress);
  if (peer === undefined) return UNKNOWN_CLIENT_IP;

  const joined = typeof xForwardedFor === 'string' ? xForwardedFor : (xForwardedFor ?? []).join(',');
  const hops = joined
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop.length > 0);
  let current = peer;
  while (isTrusted(current, trusted)) {
    const raw = hops.pop();
    const next = raw === undefined ? undefined : normalizeIp(raw);
    if (next === undefined) break;
    current = next;
  }
  return current;
}
