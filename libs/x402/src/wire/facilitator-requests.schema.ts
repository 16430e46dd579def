import { z } from 'zod';
import { PaymentPayloadSchema } from './payment-payload.schema';
import { PaymentRequirementsSchema } from './payment-requirements.schema';
import { PaymentPayloadV1Schema, PaymentRequirementsV1Schema } from './v1.schema';

/**
 * The v2 `/verify` and `/settle` request body.
 *
 * @example
 * FacilitatorRequestSchema.parse({ x402Version: 2, paymentPayload, paymentRequirements });
 */
export const FacilitatorRequestSchema = z.looseObject({
  x402Version: z.literal(2),
  paymentPayload: PaymentPayloadSchema,
  paymentRequirements: PaymentRequirementsSchema,
});
export type FacilitatorRequest = z.infer<typeof FacilitatorRequestSchema>;

/** The v1 `/verify` and `/settle` request body. */
export const FacilitatorRequestV1Schema = z.looseObject({
  x402Version: z.literal(1),
  paymentPayload: PaymentPayloadV1Schema,
  paymentRequirements: PaymentRequirementsV1Schema,
});
export type FacilitatorRequestV1 = z.infer<typeof FacilitatorRequestV1Schema>;

/** Either version, told apart by the body's `x402Version`. */
export const AnyFacilitatorRequestSchema = z.discriminatedUnion('x402Version', [FacilitatorRequestSchema, FacilitatorRequestV1Schema]);
export type AnyFacilitatorRequest = z.infer<typeof AnyFacilitatorRequestSchema>;

/** `/verify` and `/settle` take the same body. */
export const VerifyRequestSchema = FacilitatorRequestSchema;
export const SettleRequestSchema = FacilitatorRequestSchema;
