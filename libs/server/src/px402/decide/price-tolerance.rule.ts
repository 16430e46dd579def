import { InvalidOptionError } from '@quietpay/x402';

/** The payments API's fee: 0.1 % of the amount (PROTOCOLS.md §3), the default slack. */
export const DEFAULT_PRICE_TOLERANCE_BPS = 10;

/**
 * The least a settlement may deliver for `price`: the price minus `toleranceBps` of it, rounded up
 * like the fee, so a 10000 quote accepts 9990 at 10 bps and 9900 at px402's 100 bps.
 *
 * @example
 * minimumAccepted(10_000n, 10); // 9990n
 */
export function minimumAccepted(price: bigint, toleranceBps: number): bigint {
  if (!Number.isSafeInteger(toleranceBps) || toleranceBps < 0 || toleranceBps > 10_000) {
    throw new InvalidOptionError('minimumAccepted', 'priceToleranceBps', 'must be an integer in 0..10000', toleranceBps);
  }
  return price - (price * BigInt(toleranceBps) + 9_999n) / 10_000n;
}
