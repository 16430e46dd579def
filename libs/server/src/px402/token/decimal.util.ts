const CANONICAL_POSITIVE_DECIMAL = /^[1-9][0-9]{0,19}$/;

/** Largest px402 payment id: ids are u63 so they fit a signed 64-bit column anywhere. */
export const MAX_PAYMENT_ID = (1n << 63n) - 1n;
const MAX_U64 = (1n << 64n) - 1n;

/** True for a canonical decimal (no sign, no leading zeros) in 1..max. */
function isCanonicalInRange(text: string, max: bigint): boolean {
  return CANONICAL_POSITIVE_DECIMAL.test(text) && BigInt(text) <= max;
}

/** A payment id as it appears on the wire: decimal u63, never 0. */
export function isPaymentId(text: string): boolean {
  return isCanonicalInRange(text, MAX_PAYMENT_ID);
}

/** A positive micro-USDC amount in the u64 range, as a canonical decimal. */
export function isMicroUsdcAmount(text: string): boolean {
  return isCanonicalInRange(text, MAX_U64);
}
