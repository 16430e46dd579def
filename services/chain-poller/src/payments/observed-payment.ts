import type { ObservedPayment } from '@quietpay/contracts';
import { U64StringSchema } from '@quietpay/x402';
import { z } from 'zod';

/** How an ObservedPayment is stored in Redis (the contract's plain shape, checked on read). */
export const storedPaymentSchema = z.object({
  // As the chain carries it (any u64): the index holds every settlement, lookups only ask for u63 ids.
  paymentId: U64StringSchema,
  signature: z.string().min(1),
  slot: U64StringSchema,
  index: z.number().int().nonnegative(),
  amount: U64StringSchema,
  recipient: z.string().min(1),
  mint: z.string().min(1),
  blockTimeUnix: z.number().int().nonnegative(),
}) satisfies z.ZodType<ObservedPayment>;

export function decodeStoredPayment(json: string): ObservedPayment {
  return storedPaymentSchema.parse(JSON.parse(json));
}
