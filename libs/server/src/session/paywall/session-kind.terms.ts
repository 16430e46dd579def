import type { SupportedKind } from '@quietpay/x402';
import { FacilitatorUnavailableError } from './facilitator-unavailable.error';

/** What a paywall needs from a facilitator's `session` kind to price and describe a route. */
export interface SessionKindTerms {
  readonly asset: string;
  readonly decimals: number;
  /** The kind's `extra`, made self-sufficient for a client that reads only the 402 (see below). */
  readonly extra: Readonly<Record<string, unknown>>;
}

/**
 * Reads a session kind from quietpay's `/supported` or from a facilitator shaped like the seed
 * (solana-x402-sessions): quietpay names the mint in `extra.mint`, the seed at kind level
 * (`asset`); both give `extra.decimals`. The seed's `sessionsEndpoint` is relative ("/sessions"):
 * resolved against the facilitator URL here, and `facilitatorUrl` added (the seed's resource-server
 * convention), so a client that only sees the 402 can still find where to open a session.
 *
 * @example
 * sessionKindTerms({ x402Version: 2, scheme: 'session', network, asset: MINT, extra: { decimals: 6, sessionsEndpoint: '/sessions' } }, 'https://f.example');
 * // { asset: MINT, decimals: 6, extra: { decimals: 6, sessionsEndpoint: 'https://f.example/sessions', facilitatorUrl: 'https://f.example' } }
 */
export function sessionKindTerms(kind: SupportedKind, facilitatorUrl: string): SessionKindTerms {
  const extra: Record<string, unknown> = { ...(kind.extra ?? {}) };
  const kindAsset = (kind as Record<string, unknown>)['asset'];
  const asset = typeof extra['mint'] === 'string' ? extra['mint'] : kindAsset;
  const decimals = extra['decimals'];
  if (typeof asset !== 'string' || typeof decimals !== 'number')
    throw new FacilitatorUnavailableError('supported', 'facilitator session kind lacks mint/decimals');
  const endpoint = extra['sessionsEndpoint'];
  if (typeof endpoint === 'string' && endpoint.startsWith('/')) extra['sessionsEndpoint'] = `${facilitatorUrl}${endpoint}`;
  extra['facilitatorUrl'] ??= facilitatorUrl;
  return { asset, decimals, extra };
}
