import bs58 from 'bs58';

// The rules every quietpay surface applies to the same wire values, as plain predicates (no zod):
// the schemas in wire-rules.ts refine with these, and the browser SDK calls them directly.

/** Canonical decimal text: digits only, no sign, no leading zero except "0" itself. */
export const CANONICAL_DECIMAL = /^(0|[1-9][0-9]*)$/;

/** The largest u64, the width of on-chain amounts and `client_ref_id`. */
export const MAX_U64 = (1n << 64n) - 1n;

/**
 * Largest px402 payment id: ids are u63 so they fit a signed 64-bit column anywhere (the chain
 * carries a u64 `client_ref_id`, but no id above this is ever issued or looked up).
 */
export const MAX_PAYMENT_ID = (1n << 63n) - 1n;

/** The payment-id rule as a JSON-Schema pattern (OpenAPI); `isPaymentId` adds the u63 bound. */
export const PAYMENT_ID_PATTERN = '^[1-9][0-9]{0,18}$';

/** Canonical decimal in min..max. The length check keeps BigInt off megabyte inputs. */
function isCanonicalInRange(text: unknown, min: bigint, max: bigint): text is string {
  if (typeof text !== 'string' || text.length > 20 || !CANONICAL_DECIMAL.test(text)) return false;
  const value = BigInt(text);
  return value >= min && value <= max;
}

/** An amount in base units (or any u64 field): canonical decimal 0..u64. */
export function isU64Decimal(text: unknown): text is string {
  return isCanonicalInRange(text, 0n, MAX_U64);
}

/** A positive amount in base units: canonical decimal 1..u64 (a charge of 0 is never meaningful). */
export function isPositiveU64Decimal(text: unknown): text is string {
  return isCanonicalInRange(text, 1n, MAX_U64);
}

/**
 * A px402 payment id as it appears on the wire: canonical decimal u63, never 0 (MagicBlock logs no
 * `client_ref_id` for 0, so id 0 could never be observed).
 */
export function isPaymentId(text: unknown): text is string {
  return isCanonicalInRange(text, 1n, MAX_PAYMENT_ID);
}

export const BASE58_TEXT = /^[1-9A-HJ-NP-Za-km-z]+$/;

/**
 * The text shape of a 32-byte base58 value (an address, a genesis hash): 32–44 base58 characters.
 * A cheap guard where the bytes are not needed; `isBase58Address` also checks they decode to 32.
 */
export const BASE58_ADDRESS_TEXT = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;

/**
 * A Solana address: base58 text of exactly 32 bytes. Base58 is one-to-one, so this is also the
 * canonical spelling (what `new PublicKey(s).toBase58() === s` checks, without web3.js).
 */
export function isBase58Address(text: unknown): text is string {
  return typeof text === 'string' && BASE58_ADDRESS_TEXT.test(text) && bs58.decode(text).length === 32;
}
