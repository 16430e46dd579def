import bs58 from 'bs58';
import { z } from 'zod';

// The rules every quietpay surface applies to the same wire values (gateway bodies and routes,
// chain-poller lookups, the px402 server and SDK, the session scheme's signed messages). Defined
// once here: a copy that drifts lets one side accept what the other refuses.

/** Canonical decimal text: digits only, no sign, no leading zero except "0" itself. */
const CANONICAL_DECIMAL = /^(0|[1-9][0-9]*)$/;

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

const BASE58_TEXT = /^[1-9A-HJ-NP-Za-km-z]+$/;
const BASE58 = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;

/**
 * A Solana address: base58 text of exactly 32 bytes. Base58 is one-to-one, so this is also the
 * canonical spelling (what `new PublicKey(s).toBase58() === s` checks, without web3.js).
 */
export function isBase58Address(text: unknown): text is string {
  return typeof text === 'string' && BASE58.test(text) && bs58.decode(text).length === 32;
}

// The schemas keep the pattern and lengths as zod checks (not only in the refinement) so the OpenAPI
// documents generated from them still show the format.

/** Amounts in atomic units on the x402 wire: canonical decimal, unbounded (other networks use wider integers). */
export const AtomicAmountSchema = z.string().regex(CANONICAL_DECIMAL, 'amount must be a decimal integer string');

/** A positive u64 in canonical decimal. */
export const PositiveU64StringSchema = z
  .string()
  .regex(/^[1-9]\d{0,19}$/, 'must be a positive decimal integer')
  .refine(isPositiveU64Decimal, 'exceeds u64');

/** A u64 in canonical decimal, "0" allowed (a per-call limit of 0 means none). */
export const U64StringSchema = z.union([z.literal('0'), PositiveU64StringSchema]);

/** A px402 payment id (see `isPaymentId`). */
export const PaymentIdSchema = z
  .string()
  .regex(new RegExp(PAYMENT_ID_PATTERN), 'paymentId must be a positive decimal integer')
  .refine(isPaymentId, 'paymentId exceeds u63');

/** A Solana address (see `isBase58Address`). */
export const Base58AddressSchema = z.string().regex(BASE58_TEXT).min(32).max(44).refine(isBase58Address, 'must be a base58 address of 32 bytes');

/**
 * An ed25519 signature in base58 (a session key's, a wallet's, a transaction's): 64 bytes are 64–88
 * characters. Format only; the verifier decides whether it signs anything.
 */
export const Base58SignatureSchema = z.string().regex(BASE58_TEXT, 'must be base58').min(64).max(88);
