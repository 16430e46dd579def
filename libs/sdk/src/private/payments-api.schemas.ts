import { z } from 'zod';

/** Unsigned transaction answers of transfer/deposit/withdraw (extra fields tolerated: the API grows). */
export const unsignedTransactionSchema = z.object({
  transactionBase64: z.string().min(1),
  version: z.union([z.literal('legacy'), z.literal(0), z.string(), z.number()]).optional(),
  lastValidBlockHeight: z.number().int().nonnegative().optional(),
  requiredSigners: z.array(z.string()).optional(),
  sendTo: z.string().optional(),
});
export type UnsignedTransactionAnswer = z.infer<typeof unsignedTransactionSchema>;

export const mintStatusSchema = z.object({
  mint: z.string(),
  transferQueue: z.string(),
  initialized: z.boolean(),
});
export type MintStatus = z.infer<typeof mintStatusSchema>;

export const challengeSchema = z.object({ challenge: z.string().min(1) });
export const loginSchema = z.object({ token: z.string().min(1), expiresAt: z.number().optional() });
/** `balance` and `private-balance` answer `{address, mint, ata, location, balance}`; only the amount matters here. */
export const balanceSchema = z.object({ balance: z.string().regex(/^[0-9]+$/) });
export const apiErrorSchema = z.object({ error: z.string(), message: z.string().optional() });
