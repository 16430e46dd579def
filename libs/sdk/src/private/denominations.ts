import { InvalidOptionError } from '@quietpay/x402';

/**
 * Standard denominations for private payments (docs/privacy.md): every amount is paid as a sum of
 * 1-2-5 × 10^k micro-USDC parts, each its own private transfer, so the chain shows only amounts
 * that many other payments also show, and an observer cannot tie a sender to a recipient by a
 * distinctive price. Pure rules, no I/O.
 */

/** The 1-2-5 series in micro-USDC, from 1 micro-USDC up to 5,000,000 USDC, largest first. */
export const STANDARD_DENOMINATIONS: readonly bigint[] = Array.from({ length: 13 }, (_, k) => 10n ** BigInt(12 - k)).flatMap((p) => [5n * p, 2n * p, p]);

/** At most this many parts by default: each part is a transaction with its own fee. */
export const DEFAULT_MAX_PARTS = 6;

/**
 * `amount` as standard denominations, largest first, summing exactly to `amount`. Beyond
 * `maxParts`, the smallest parts are merged into one last part (a non-standard amount: prices with
 * few significant digits keep their parts standard, and docs/privacy.md tells sellers so).
 *
 * @example
 * decomposeIntoDenominations(13_700n); // [10000n, 2000n, 1000n, 500n, 200n]
 * decomposeIntoDenominations(500_000n); // [500000n]
 */
export function decomposeIntoDenominations(amount: bigint, maxParts: number = DEFAULT_MAX_PARTS): bigint[] {
  if (amount <= 0n) throw new InvalidOptionError('decomposeIntoDenominations', 'amount', 'must be positive', amount);
  if (!Number.isSafeInteger(maxParts) || maxParts < 1)
    throw new InvalidOptionError('decomposeIntoDenominations', 'maxParts', 'must be a positive integer', maxParts);
  const parts: bigint[] = [];
  let left = amount;
  for (const unit of STANDARD_DENOMINATIONS) {
    while (left >= unit) {
      parts.push(unit);
      left -= unit;
    }
  }
  if (left > 0n) parts.push(left); // only above the largest denomination
  if (parts.length <= maxParts) return parts;
  const kept = parts.slice(0, maxParts - 1);
  const rest = parts.slice(maxParts - 1).reduce((a, b) => a + b, 0n);
  return [...kept, rest];
}
