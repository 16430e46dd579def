import { z } from 'zod';
import { PaymentRequirementsSchema, ResourceInfoSchema } from './payment-requirements.schema';
import { OptionalJsonObjectSchema, OptionalTextSchema } from './primitives.schema';

/**
 * The PAYMENT-REQUIRED header body of a v2 402 answer.
 *
 * @example
 * PaymentRequiredSchema.parse({ x402Version: 2, resource: { url }, accepts: [requirements] });
 */
export const PaymentRequiredSchema = z.looseObject({
  x402Version: z.literal(2),
  error: OptionalTextSchema,
  resource: ResourceInfoSchema,
  accepts: z.array(PaymentRequirementsSchema).min(1),
  extensions: OptionalJsonObjectSchema,
});
export type PaymentRequired = z.infer<typeof PaymentRequiredSchema>;
