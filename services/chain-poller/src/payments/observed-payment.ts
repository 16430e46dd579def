import type { ObservedPayment } from '@quietpay/contracts';
import { z } from 'zod';

const u64 = z.string().regex(/^\d{1,20}$/);

/** How an ObservedPayment is stored in Redis (the contract's plain shape, checked on read). */
export const storedPaymentSchema = z.object({
  paymentId: u64,
  signature: z.string().min(1),
  slot: u64,
  index: z.number().int().nonnegative(),
  amount: u64,
  recipient: z.string().min(1),
  mint: z.string().min(1),
  blockTimeUnix: z.number().int().nonnegative(),
}) satisfies z.ZodType<ObservedPayment>;

export function decodeStoredPayment(json: string): ObservedPayment {
  return storedPaymentSchema.parse(JSON.parse(json));
}
