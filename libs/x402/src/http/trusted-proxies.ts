import { BlockList, isIP } from 'node:net';

/** Parsed trusted-proxy CIDRs; build once at boot with {@link parseTrustedProxies}. */
export interface TrustedProxies {
  readonly list: BlockList;
}

/**
 * Strips what proxies and Node wrap around an address: `[v6]:port`, `v4:port`, and the
 * IPv4-mapped IPv6 form a dual-stack socket reports (`::ffff:10.0.0.1`), so one client has one
 * spelling. Returns undefined when what remains is not an IP address.
 */
export function normalizeIp(raw: string): string | undefined {
  let text = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed?.[1] !== undefined) text = bracketed[1];
  else if (/^[0-9.]+:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  const mapped = /^::ffff:([0-9.]+)$/i.exec(text);
  if (mapped?.[1] !== undefined && isIP(mapped[1]) === 4) text = mapped[1];
  return isIP(text) === 0 ? undefined : text.toLowerCase();
}

/**
 * Parses trusted proxy ranges (`10.0.0.0/8`, `fd00::/8`, or a bare address for a single host).
 * Throws on anything else, so a typo fails at boot instead of silently trusting nobody.
 *
 * @example
 * const trusted = parseTrustedProxies(['10.0.0.0/8', '::1']);
 */
export function parseTrustedProxies(cidrs: readonly string[]): TrustedProxies {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address = '', prefix, ...rest] = cidr.trim().split('/');
    const ip = normalizeIp(address);
    const family = ip === undefined ? 0 : isIP(ip);
    const maxPrefix = family === 4 ? 32 : 128;
    const bits = prefix === undefined ? maxPrefix : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
    if (ip === undefined || rest.length > 0 || !(bits <= maxPrefix)) {
      throw new RangeError(`invalid trusted proxy CIDR: ${cidr}`);
    }
    list.addSubnet(ip, bits, family === 4 ? 'ipv4' : 'ipv6');
  }
  return { list };
}

export function isTrusted(ip: string, trusted: TrustedProxies): boolean {
  return trusted.list.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');
}
