import { PX402_HEADERS, X402_V2_HEADERS } from '@quietpay/x402';

/**
 * Which browser origins may call the gateway. `'*'` allows any origin (localnet's default, so a
 * local web app works out of the box); an empty list allows none (the default on devnet and
 * mainnet: an operator names the web apps that open sessions from a browser).
 */
export interface CorsPolicy {
  readonly anyOrigin: boolean;
  readonly origins: ReadonlySet<string>;
}

/** Headers a browser script may read: the x402 v2 answers and px402's quote/receipt headers. */
export const CORS_EXPOSED_HEADERS: readonly string[] = [
  X402_V2_HEADERS.paymentRequired,
  X402_V2_HEADERS.paymentResponse,
  ...Object.values(PX402_HEADERS),
  'Retry-After',
];

/** Request headers a browser may send: JSON bodies, the facilitator API key, x402/px402 payments. */
export const CORS_ALLOWED_HEADERS: readonly string[] = [
  'Content-Type',
  'Authorization',
  X402_V2_HEADERS.paymentSignature,
  PX402_HEADERS.id,
  PX402_HEADERS.token,
];

export const CORS_ALLOWED_METHODS = 'GET, POST, DELETE, OPTIONS';

/** Browsers may cache a preflight answer this long (seconds). */
export const CORS_MAX_AGE_SECONDS = 600;

/**
 * Reads CORS_ALLOWED_ORIGINS: `*`, or a comma-separated list of origins (`https://app.example`).
 * Unset: any origin on the localnet profile, none elsewhere.
 *
 * @example
 * parseCorsPolicy('https://app.example, http://localhost:5173', 'mainnet');
 */
export function parseCorsPolicy(value: string | undefined, profile: string): CorsPolicy {
  const raw = value ?? (profile === 'localnet' ? '*' : '');
  const entries = raw
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  if (entries.includes('*')) return { anyOrigin: true, origins: new Set() };
  return { anyOrigin: false, origins: new Set(entries.map(normalizeOrigin)) };
}

/** `https://App.example:443/` → `https://app.example` (the form browsers send in Origin). */
export function normalizeOrigin(origin: string): string {
  const url = new URL(origin);
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '')
    throw new RangeError(`CORS origin must be scheme://host[:port], got ${origin}`);
  return url.origin;
}

export function originAllowed(policy: CorsPolicy, origin: string): boolean {
  if (policy.anyOrigin) return true;
  try {
    return policy.origins.has(normalizeOrigin(origin));
  } catch {
    return false;
  }
}
