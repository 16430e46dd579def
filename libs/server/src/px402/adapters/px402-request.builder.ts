import { PX402_HEADERS } from '../decide/px402-headers.constants';
import { DecideDeps, Px402Request } from '../decide/px402-request.types';
import { clientIp, parseTrustedProxies, type TrustedProxies } from '@quietpay/x402/server';
import { assertTokenSecrets } from '../token/payment-token.codec';
import { Px402Options } from './px402-options.types';

/** Options validated once, when the middleware is created, not per request. */
export interface PreparedOptions {
  readonly deps: DecideDeps;
  readonly trusted: TrustedProxies;
}

export function prepareOptions(options: Px402Options): PreparedOptions {
  assertTokenSecrets(options.secrets);
  const { trustedProxies, ...deps } = options;
  return { deps, trusted: parseTrustedProxies(trustedProxies ?? []) };
}

type HeaderValue = string | readonly string[] | null | undefined;

/** What an adapter reads off its framework's request. */
export interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly header: (lowerCaseName: string) => HeaderValue;
  readonly remoteAddress: string | undefined;
}

// A repeated header becomes one comma-joined value, which no valid id or token contains, so it
// is refused rather than silently picking one copy.
function single(value: HeaderValue): string | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? value : value.join(', ');
}

/** Builds decide()'s input, resolving the client IP through trusted proxies only. */
export function toPx402Request(raw: RawRequest, trusted: TrustedProxies): Px402Request {
  const id = PX402_HEADERS.id.toLowerCase();
  const token = PX402_HEADERS.token.toLowerCase();
  const forwarded = raw.header('x-forwarded-for');
  return {
    method: raw.method,
    path: raw.path,
    headers: { [id]: single(raw.header(id)), [token]: single(raw.header(token)) },
    clientIp: clientIp(raw.remoteAddress, forwarded === null ? undefined : forwarded, trusted),
  };
}
