import { z } from 'zod';
import { ExtraSchema, JsonObjectSchema, NetworkV1Schema, NonEmptyStringSchema, OptionalJsonObjectSchema } from './primitives.schema';

/**
 * x402 v1 requirements: the amount is `maxAmountRequired` and the resource is a URL string.
 *
 * @example
 * PaymentRequirementsV1Schema.parse({ scheme: 'exact', network: 'solana-devnet', maxAmountRequired: '1000',
 *   resource: url, description: '', mimeType: 'application/json', payTo, maxTimeoutSeconds: 60, asset, extra: {} });
 */
export const PaymentRequirementsV1Schema = z.looseObject({
  scheme: NonEmptyStringSchema,
  network: NetworkV1Schema,
  maxAmountRequired: NonEmptyStringSchema,
  resource: NonEmptyStringSchema,
  description: z.string(),
  mimeType: z.string().optional(),
  outputSchema: OptionalJsonObjectSchema,
  payTo: NonEmptyStringSchema,
  maxTimeoutSeconds: z.number().int().positive(),
  asset: NonEmptyStringSchema,
  extra: ExtraSchema,
});
export type PaymentRequirementsV1 = z.infer<typeof PaymentRequirementsV1Schema>;

/** The v1 402 JSON body `{x402Version:1, error, accepts}` (v1 has no PAYMENT-REQUIRED header). */
export const PaymentRequiredV1Schema = z.looseObject({
  x402Version: z.literal(1),
  error: z.string().optional(),
  accepts: z.array(PaymentRequirementsV1Schema).min(1),
});
export type PaymentRequiredV1 = z.infer<typeof PaymentRequiredV1Schema>;

/** The v1 `X-PAYMENT` header body. */
export const PaymentPayloadV1Schema = z.looseObject({
  x402Version: z.literal(1),
  scheme: NonEmptyStringSchema,
  network: NetworkV1Schema,
  payload: JsonObjectSchema,
});
export type PaymentPayloadV1 = z.infer<typeof PaymentPayloadV1Schema>;

/** The v1 `X-PAYMENT-RESPONSE` header body. */
export const SettleResponseV1Schema = z.looseObject({
  success: z.boolean(),
  errorReason: z.string().optional(),
  errorMessage: z.string().optional(),
  payer: z.string().optional(),
  transaction: z.string(),
  network: NetworkV1Schema,
});
export type SettleResponseV1 = z.infer<typeof SettleResponseV1Schema>;
