import { z } from 'zod';
import { Base58AddressSchema, Base58SignatureSchema, PositiveU64StringSchema } from '../wire/wire-rules';

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
  sig: Base58SignatureSchema,
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
  nonce: z
    .string()
    .regex(/^[\x21-\x7e]{1,128}$/, 'must be 1-128 printable ASCII characters')
    .optional(),
});
export type LegacySessionPayment = z.infer<typeof LegacySessionPaymentSchema>;
