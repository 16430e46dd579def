import { isBase58Address } from '../wire/wire-predicates';
import { InvalidOptionError } from './quietpay.error';

// Option checks the SDK's entry points and the server's paywalls share (browser-safe: URL only).
// Each throws an InvalidOptionError naming the function and the field, so a typo fails at once
// instead of surfacing later as a fetch or web3.js error in the middle of a payment.

/**
 * An http(s) URL (a facilitator, an RPC, a covalidator); returns it.
 *
 * @example
 * requireHttpUrl('createSession', 'facilitatorUrl', options.facilitatorUrl);
 */
export function requireHttpUrl(where: string, field: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new InvalidOptionError(where, field, 'must be an http(s) URL', value);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidOptionError(where, field, 'must be an http(s) URL', value);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidOptionError(where, field, 'must be an http(s) URL', value);
  return value;
}

/**
 * A base58 Solana address (32 bytes); returns it.
 *
 * @example
 * requireAddress('sessionPaywall', 'payTo', options.payTo);
 */
export function requireAddress(where: string, field: string, value: unknown): string {
  if (!isBase58Address(value)) throw new InvalidOptionError(where, field, 'must be a base58 Solana address', value);
  return value;
}
