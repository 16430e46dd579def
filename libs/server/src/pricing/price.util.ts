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
  if (!match) throw new RangeError(`not a price: ${String(price)}`);
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > decimals) throw new RangeError(`${String(price)} has more than ${decimals} decimals`);
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
