import { z } from 'zod';
import { PaymentRequirementsSchema, ResourceInfoSchema } from './payment-requirements.schema';
import { JsonObjectSchema, OptionalJsonObjectSchema } from './primitives.schema';

/**
 * The PAYMENT-SIGNATURE header body (v2). `payload` is scheme-specific; the session scheme's
 * shape is `SessionPaymentSchema`.
 *
 * @example
 * PaymentPayloadSchema.parse({ x402Version: 2, accepted: requirements, payload: { sessionId, amount } });
 */
export const PaymentPayloadSchema = z.looseObject({
  x402Version: z.literal(2),
  resource: ResourceInfoSchema.nullish()
    .transform((v) => v ?? undefined)
    .optional(),
  accepted: PaymentRequirementsSchema,
  payload: JsonObjectSchema,
  extensions: OptionalJsonObjectSchema,
});
export type PaymentPayload = z.infer<typeof PaymentPayloadSchema>;
