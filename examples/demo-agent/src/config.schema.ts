import { z } from 'zod';

/** The demo agent's environment, parsed once at start. */
export const DemoAgentConfigSchema = z.object({
  FACILITATOR_URL: z.url(),
  API_URL: z.url().default('http://127.0.0.1:4100'),
  RPC_URL: z.url(),
  COVALIDATOR_URL: z.url(),
  /** Solana-CLI keypair files (JSON arrays of 64 bytes). */
  AGENT_KEYPAIR: z.string().min(1),
  MERCHANT_KEYPAIR: z.string().min(1),
  /** Session cap in whole USDC (1–5 for the demo). */
  CAP: z.string().regex(/^\d+(\.\d+)?$/).default('3'),
  CALLS: z.coerce.number().int().min(1).max(100).default(5),
});
export type DemoAgentConfig = z.infer<typeof DemoAgentConfigSchema>;

/** Parses the environment or throws naming what is wrong. */
export function loadDemoAgentConfig(env: NodeJS.ProcessEnv): DemoAgentConfig {
  const parsed = DemoAgentConfigSchema.safeParse(env);
  if (!parsed.success) throw new Error(`demo-agent config: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
