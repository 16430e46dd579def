import { z } from 'zod';

/** The paid API's environment, parsed once at boot. */
export const PaidApiConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4100),
  HOST: z.string().default('127.0.0.1'),
  FACILITATOR_URL: z.url(),
  /** The merchant wallet (base58) that receives every payment. */
  MERCHANT: z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/),
  /** Price of one chat message in whole USDC. */
  CHAT_PRICE: z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .default('0.5'),
});
export type PaidApiConfig = z.infer<typeof PaidApiConfigSchema>;

/** Parses the environment or exits naming what is wrong. */
export function loadPaidApiConfig(env: NodeJS.ProcessEnv): PaidApiConfig {
  const parsed = PaidApiConfigSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`paid-api config: ${issues}`);
  }
  return parsed.data;
}
