import * as z from 'zod/mini';

// zod/mini, not full zod: these run in the browser bundle (its budget has no room for full zod).

/** Unsigned transaction answers of transfer/deposit/withdraw (extra fields tolerated: the API grows). */
export const unsignedTransactionSchema = z.object({
  transactionBase64: z.string().check(z.minLength(1)),
  version: z.optional(z.union([z.literal('legacy'), z.literal(0), z.string(), z.number()])),
  lastValidBlockHeight: z.optional(z.number().check(z.int(), z.nonnegative())),
  requiredSigners: z.optional(z.array(z.string())),
  sendTo: z.optional(z.string()),
});
export type UnsignedTransactionAnswer = z.infer<typeof unsignedTransactionSchema>;

export const mintStatusSchema = z.object({
  mint: z.string(),
  transferQueue: z.string(),
  initialized: z.boolean(),
});
export type MintStatus = z.infer<typeof mintStatusSchema>;

export const challengeSchema = z.object({ challenge: z.string().check(z.minLength(1)) });
export const loginSchema = z.object({ token: z.string().check(z.minLength(1)), expiresAt: z.optional(z.number()) });
/** `balance` and `private-balance` answer `{address, mint, ata, location, balance}`; only the amount matters here. */
export const balanceSchema = z.object({ balance: z.string().check(z.regex(/^[0-9]+$/)) });
export const apiErrorSchema = z.object({ error: z.string(), message: z.optional(z.string()) });
