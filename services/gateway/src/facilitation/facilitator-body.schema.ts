import { PaymentPayloadSchema, PaymentPayloadV1Schema, PaymentRequirementsSchema, PaymentRequirementsV1Schema } from '@quietpay/x402';
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

/**
 * The seed README's resource server posts `{paymentPayload, paymentRequirements}` with no top-level
 * `x402Version`; the payload carries one, so the envelope takes it from there. A body naming neither
 * is still refused by the union (400).
 */
function withEnvelopeVersion(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input) || 'x402Version' in input) return input;
  const payload = (input as Record<string, unknown>)['paymentPayload'];
  const version = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)['x402Version'] : undefined;
  return version === undefined ? input : { ...input, x402Version: version };
}

/** What /verify and /settle parse: VerifySettleBodySchema, tolerating a missing top-level version. */
export const VerifySettleRequestSchema = z.preprocess(withEnvelopeVersion, VerifySettleBodySchema);
