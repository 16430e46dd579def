import { z } from 'zod';

const BASE58_KEY = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;

/** The demo agent's environment, parsed once at start. */
export const DemoAgentConfigSchema = z.object({
  FACILITATOR_URL: z.url(),
  API_URL: z.url().default('http://127.0.0.1:4100'),
  /** examples/private-api (px402 routes, private scheme). */
  PRIVATE_API_URL: z.url().default('http://127.0.0.1:4101'),
  RPC_URL: z.url(),
  COVALIDATOR_URL: z.url(),
  /** MagicBlock payments API base URL (the localnet's stand-in). */
  PAYMENTS_API_URL: z.url(),
  /** The SPL USDC mint the private scheme pays in. */
  USDC_MINT: z.string().regex(BASE58_KEY, 'must be a base58 public key'),
  /** MagicBlock's private transfer queue and its vault: where the chain observer looks (public addresses). */
  PRIVATE_TRANSFER_QUEUE: z.string().regex(BASE58_KEY, 'must be a base58 public key'),
  PRIVATE_VAULT: z.string().regex(BASE58_KEY, 'must be a base58 public key'),
  /** Solana-CLI keypair files (JSON arrays of 64 bytes). */
  AGENT_KEYPAIR: z.string().min(1),
  MERCHANT_KEYPAIR: z.string().min(1),
  /** Session cap in whole USDC (1–5 for the demo). */
  CAP: z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .default('3'),
  CALLS: z.coerce.number().int().min(1).max(100).default(5),
});
export type DemoAgentConfig = z.infer<typeof DemoAgentConfigSchema>;

/** Parses the environment or throws naming what is wrong. */
export function loadDemoAgentConfig(env: NodeJS.ProcessEnv): DemoAgentConfig {
  const parsed = DemoAgentConfigSchema.safeParse(env);
  if (!parsed.success) throw new Error(`demo-agent config: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
