import { PaymentRequirementsSchema } from '@quietpay/x402';
import { z } from 'zod';

// The seed's one-shot flow for resource servers that do not run @x402/core: they forward the
// client's PAYMENT-SIGNATURE header value verbatim and the facilitator does the decoding.
const paymentHeader = z.string().min(1).max(16_384);

/** `POST /pay/getAmount`: what a payment header claims, before any check. */
export const PayGetAmountBodySchema = z.strictObject({ paymentHeader });

/** `POST /pay/verify` and `/pay/settle`: the header plus the requirements the server asked for. */
export const PayCheckBodySchema = z.strictObject({ paymentHeader, paymentRequirements: PaymentRequirementsSchema });
export type PayCheckBody = z.output<typeof PayCheckBodySchema>;
