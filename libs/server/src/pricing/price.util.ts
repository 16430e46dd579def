import { InvalidOptionError } from '@quietpay/x402';
import type { AssetAmount, Price } from '@x402/core/types';

/**
 * Converts a route price to base units: a bigint is base units already; a number or a decimal
 * string ("0.5", "$0.50") is whole token units, as `@x402/core` prices are written.
 *
 * @example
 * priceToBaseUnits('$0.50', 6); // 500000n
 */
export function priceToBaseUnits(price: bigint | number | string, decimals: number): bigint {
  if (typeof price === 'bigint') return price;
  const text = (typeof price === 'number' ? price.toFixed(decimals) : price).trim().replace(/^\$/, '').trim();
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new InvalidOptionError('price', 'price', 'is not a price (base units as bigint, or whole tokens like 0.5, "0.5" or "$0.50")', price);
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > decimals) throw new InvalidOptionError('price', 'price', `has more than the token's ${decimals} decimals`, price);
  return BigInt(match[1] ?? '0') * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
}

/**
 * `SchemeNetworkServer.parsePrice` for quietpay's schemes: an `AssetAmount` passes through; a money
 * price becomes base units of `asset`. An empty asset is "vacant" on purpose:
 * `enhancePaymentRequirements` fills it from the facilitator's advertised mint.
 */
export function parseSchemePrice(price: Price, decimals: number, asset: string | undefined): Promise<AssetAmount> {
  if (typeof price === 'object') return Promise.resolve(price);
  return Promise.resolve({ amount: priceToBaseUnits(price, decimals).toString(), asset: asset ?? '' });
}

/**
 * Checks a configured price before the first request (the token's decimals are not known yet, so
 * only the format and sign): a mistyped price such as "0.5 USDC" fails at startup, naming itself.
 *
 * @example
 * assertPrice('sessionPaywall', 'price', '0.5 USDC'); // throws InvalidOptionError: option `price` …
 */
export function assertPrice(where: string, field: string, price: unknown): void {
  const fail = (problem: string): never => {
    throw new InvalidOptionError(where, field, problem, price);
  };
  if (typeof price === 'bigint') {
    if (price <= 0n) fail('must be positive');
    return;
  }
  if (typeof price === 'number') {
    if (!Number.isFinite(price) || price <= 0) fail('must be a positive number of whole tokens');
    return;
  }
  if (typeof price !== 'string' || !/^\$?\s*\d+(?:\.\d+)?$/.test(price.trim()))
    fail('is not a price (base units as bigint, or whole tokens like 0.5, "0.5" or "$0.50")');
  if (!/[1-9]/.test(String(price))) fail('must be positive');
}
