import { z } from 'zod';

const U64_MAX = 18_446_744_073_709_551_615n;
const BASE58 = /^[1-9A-HJ-NP-Za-km-z]+$/;

/** A Solana address: base58 of 32 bytes is 32–44 characters. */
export const Base58AddressSchema = z.string().regex(BASE58).min(32).max(44);

/** A positive u64 in decimal, no leading zeros: a charge of 0 is never meaningful. */
export const PositiveU64StringSchema = z
  .string()
  .regex(/^[1-9]\d{0,19}$/, 'must be a positive decimal integer')
  // zod runs refinements even after the regex failed; BigInt('1.5') would throw instead of failing.
  .refine((v) => !/^\d+$/.test(v) || BigInt(v) <= U64_MAX, 'exceeds u64');

/** Unsigned per-call fields, i.e. what the session key signs. */
export const SessionPaymentFieldsSchema = z.strictObject({
  sessionId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/),
  amount: PositiveU64StringSchema,
  // 16+ characters so a random nonce carries at least ~96 bits; the ledger refuses reuse anyway.
  nonce: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/),
  resource: z.string().min(1).max(2048),
  payTo: Base58AddressSchema,
});
export type SessionPaymentFields = z.infer<typeof SessionPaymentFieldsSchema>;

/**
 * The session scheme's `payload` inside PAYMENT-SIGNATURE: the fields plus `sig`, the base58
 * ed25519 signature by the session key over `sessionPaymentSigningBytes(fields)`.
 * Strict: an unknown key is refused rather than carried unsigned.
 *
 * @example
 * const p = SessionPaymentSchema.parse(paymentPayload.payload);
 */
export const SessionPaymentSchema = SessionPaymentFieldsSchema.extend({
  sig: z.string().regex(BASE58).min(64).max(88),
});
export type SessionPayment = z.infer<typeof SessionPaymentSchema>;

/**
 * The seed's bearer-only payload `{sessionId, amount, nonce?}`, accepted only in operator-enabled
 * legacy mode and only on a legacy session. The optional `nonce` (printable ASCII) is the call's
 * replay identity when the seed client sends one.
 */
export const LegacySessionPaymentSchema = z.strictObject({
  sessionId: z.string().min(1),
  amount: PositiveU64StringSchema,
  nonce: z.string().regex(/^[\x21-\x7e]{1,128}$/, 'must be 1-128 printable ASCII characters').optional(),
});
export type LegacySessionPayment = z.infer<typeof LegacySessionPaymentSchema>;
