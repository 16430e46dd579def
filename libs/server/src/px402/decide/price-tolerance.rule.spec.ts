import { describe, expect, it } from 'vitest';
import { minimumAccepted } from './price-tolerance.rule';

// px402's own acceptance rule (PROTOCOLS.md §4): a settlement pays when it delivers at least 99 %
// of the price, `actual * 100 >= price * 99`.
const px402Accepts = (price: bigint, actual: bigint): boolean => actual * 100n >= price * 99n;
// Localnet's `deducted` fee mode: 0.1 % of the amount kept, rounded up (queue-entry.policy tokenFee).
const deliveredAfterFee = (price: bigint): bigint => price - (price * 10n + 9_999n) / 10_000n;

describe('minimumAccepted', () => {
  it('accepts 9990 of 10000 at the default 10 bps and 9900 at 100 bps', () => {
    expect(minimumAccepted(10_000n, 10)).toBe(9_990n);
    expect(minimumAccepted(10_000n, 100)).toBe(9_900n);
    expect(minimumAccepted(10_000n, 0)).toBe(10_000n);
  });

  it("at 100 bps has px402's minimum when the price is a multiple of 100 base units, one base unit below it otherwise (the tolerance is rounded up, like the fee)", () => {
    for (let price = 1n; price <= 5_000n; price += 1n) {
      const pxMinimum = price - price / 100n; // the least `actual` with actual * 100 >= price * 99
      expect(px402Accepts(price, pxMinimum) && !px402Accepts(price, pxMinimum - 1n)).toBe(true);
      expect(minimumAccepted(price, 100)).toBe(price % 100n === 0n ? pxMinimum : pxMinimum - 1n);
    }
  });

  it('at the default always accepts a delivery that lost exactly the 0.1 % fee (rounded up), and nothing less', () => {
    for (let price = 1n; price <= 5_000n; price += 1n) expect(minimumAccepted(price, 10)).toBe(deliveredAfterFee(price));
  });
});
