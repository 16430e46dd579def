import { z } from 'zod';
import { NetworkSchema, NetworkV1Schema, OptionalJsonObjectSchema, OptionalTextSchema } from './primitives.schema';
import { AtomicAmountSchema } from './wire-rules';

/**
 * The `/verify` answer (always HTTP 200, even when invalid).
 *
 * @example
 * VerifyResponseSchema.parse({ isValid: false, invalidReason: 'cap_exceeded' });
 */
export const VerifyResponseSchema = z.looseObject({
  isValid: z.boolean(),
  invalidReason: OptionalTextSchema,
  invalidMessage: OptionalTextSchema,
  payer: OptionalTextSchema,
  extensions: OptionalJsonObjectSchema,
  extensionResponses: OptionalJsonObjectSchema,
  extra: OptionalJsonObjectSchema,
});
export type VerifyResponse = z.infer<typeof VerifyResponseSchema>;

/**
 * The `/settle` answer and the PAYMENT-RESPONSE header body; `transaction` is `""` on failure.
 *
 * @example
 * SettleResponseSchema.parse({ success: true, transaction: sig, network: 'solana:devnet' });
 */
export const SettleResponseSchema = z.looseObject({
  success: z.boolean(),
  errorReason: OptionalTextSchema,
  errorMessage: OptionalTextSchema,
  payer: OptionalTextSchema,
  transaction: z.string(),
  network: NetworkSchema,
  amount: AtomicAmountSchema.optional(),
  extensions: OptionalJsonObjectSchema,
  extensionResponses: OptionalJsonObjectSchema,
  extra: OptionalJsonObjectSchema,
});
export type SettleResponse = z.infer<typeof SettleResponseSchema>;

/** One supported (version, scheme, network) triple; v1 and v2 kinds share the flat array. */
export const SupportedKindSchema = z.looseObject({
  x402Version: z.number().int().positive(),
  scheme: z.string().min(1),
  // v1 kinds carry v1 names; only CAIP-2 ids get the alias rewrite.
  network: z.union([NetworkSchema, NetworkV1Schema]),
  extra: OptionalJsonObjectSchema,
});
export type SupportedKind = z.infer<typeof SupportedKindSchema>;

/**
 * The `/supported` answer. v1-era facilitators omit `extensions`/`signers`: read them as empty.
 *
 * @example
 * SupportedResponseSchema.parse({ kinds: [{ x402Version: 2, scheme: 'session', network }],
 *   extensions: [], signers: { 'solana:*': [facilitator] } });
 */
export const SupportedResponseSchema = z.looseObject({
  kinds: z.array(SupportedKindSchema),
  extensions: z.array(z.string()).default([]),
  signers: z.record(z.string(), z.array(z.string())).default({}),
});
export type SupportedResponse = z.infer<typeof SupportedResponseSchema>;
