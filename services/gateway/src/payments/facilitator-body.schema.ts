import {
  PaymentPayloadSchema,
  PaymentPayloadV1Schema,
  PaymentRequirementsSchema,
  PaymentRequirementsV1Schema,
} from '@quietpay/x402';
import { z } from 'zod';

// Decision: the top level of a /verify or /settle body is strict. x402 defines exactly
// {x402Version, paymentPayload, paymentRequirements} there (the stock HTTPFacilitatorClient sends
// nothing else), so an unknown key is a client bug worth a 400. Nested objects stay open as libs/x402
// keeps them: x402 lets requirements and payloads carry extension fields (`extra`, `extensions`).
export const VerifySettleBodyV2Schema = z.strictObject({
  x402Version: z.literal(2),
  paymentPayload: PaymentPayloadSchema,
  paymentRequirements: PaymentRequirementsSchema,
});

export const VerifySettleBodyV1Schema = z.strictObject({
  x402Version: z.literal(1),
  paymentPayload: PaymentPayloadV1Schema,
  paymentRequirements: PaymentRequirementsV1Schema,
});

export const VerifySettleBodySchema = z.discriminatedUnion('x402Version', [VerifySettleBodyV2Schema, VerifySettleBodyV1Schema]);
export type VerifySettleBody = z.output<typeof VerifySettleBodySchema>;
