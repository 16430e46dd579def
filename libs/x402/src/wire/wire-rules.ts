import { z } from 'zod';

// The rules every quietpay surface applies to the same wire values (gateway bodies and routes,
// chain-poller lookups, the px402 server and SDK, the session scheme's signed messages). Defined
// once here: a copy that drifts lets one side accept what the other refuses.

import { CANONICAL_DECIMAL, isPaymentId, isPositiveU64Decimal, isBase58Address, PAYMENT_ID_PATTERN, BASE58_TEXT } from './wire-predicates';

// The predicates (no zod: the browser SDK uses them) are in wire-predicates.ts, exported from the
// lib's entry straight from there: a re-export through this module would make a bundler keep its
// zod schemas in the browser SDK.

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
