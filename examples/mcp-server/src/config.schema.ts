import { z } from 'zod';

const csvMs = z
  .string()
  .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'comma-separated milliseconds')
  .transform((s) => s.split(',').map((v) => Number(v.trim())));

/** Environment of the MCP server (stdio: stdout is the protocol channel, so nothing else prints there). */
export const mcpServerEnvSchema = z.object({
  /** Solana CLI keypair file (JSON array of 64 bytes) of the paying agent. */
  PX402_KEYPAIR_PATH: z.string().min(1),
  SOLANA_RPC_URL: z.url(),
  PAYMENTS_API_URL: z.url(),
  USDC_MINT: z.string().min(32).max(44),
  SOLANA_CLUSTER: z.string().default('localnet'),
  /** Settlement wait schedule; devnet wants e.g. `2000,5000,10000,30000,60000,120000`. */
  PX402_RETRY_SCHEDULE_MS: csvMs.optional(),
  PX402_MAX_WAIT_MS: z.coerce.number().int().positive().optional(),
  /** Refuse quotes above this many micro-USDC (default 1 USDC): an agent should not pay anything it is asked. */
  PX402_MAX_AMOUNT: z
    .string()
    .regex(/^\d+$/)
    .default('1000000')
    .transform((s) => BigInt(s)),
  PX402_REPAY_ON_EXPIRY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((s) => s === 'true'),
});

export type McpServerConfig = z.output<typeof mcpServerEnvSchema>;

/**
 * Parses the environment once at start-up.
 *
 * @example
 * const config = loadMcpServerConfig(process.env);
 */
export function loadMcpServerConfig(env: Record<string, string | undefined>): McpServerConfig {
  const parsed = mcpServerEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
