import { readFileSync } from 'node:fs';
import { PublicKey } from '@solana/web3.js';
import { z } from 'zod';

const wallet = z.string().refine((s) => {
  try {
    return new PublicKey(s).toBase58() === s;
  } catch {
    return false;
  }
}, 'not a base58 wallet address');

/**
 * The example's environment. Secrets may be given as values or as `*_FILE` paths (mounted
 * secrets); a file wins over a value so a stale value in the environment cannot shadow a rotation.
 */
export const privateApiEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4101),
  HOST: z.string().default('127.0.0.1'),
  FACILITATOR_URL: z.url(),
  FACILITATOR_API_KEY: z.string().min(1).optional(),
  MERCHANT_WALLET: wallet,
  /** When set, a settlement in another mint does not count as payment. */
  USDC_MINT: wallet.optional(),
  PX402_HMAC_SECRET_CURRENT: z.string().optional(),
  PX402_HMAC_SECRET_CURRENT_FILE: z.string().optional(),
  PX402_HMAC_SECRET_PREVIOUS: z.string().optional(),
  PX402_HMAC_SECRET_PREVIOUS_FILE: z.string().optional(),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  /** The API's Redis ACL user and its password file, when Redis requires credentials (compose does). */
  REDIS_USERNAME: z.string().min(1).optional(),
  REDIS_PASSWORD_FILE: z.string().optional(),
  REDIS_PREFIX: z.string().default('private-api:'),
  /** New quotes (and unverifiable tokens) per client IP and route. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(60),
  /** Retries of one quoted payment id per route: an agent polls while the crank settles. */
  RETRY_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** How far below the price a settlement still pays, in basis points (10 = the payments API's 0.1 % fee). */
  PRICE_TOLERANCE_BPS: z.coerce.number().int().min(0).max(10_000).default(10),
  /** Comma-separated CIDRs of your reverse proxies. */
  TRUSTED_PROXIES: z.string().default(''),
});

export interface PrivateApiConfig {
  readonly port: number;
  readonly host: string;
  readonly facilitatorUrl: string;
  readonly facilitatorApiKey: string | undefined;
  readonly merchantWallet: string;
  readonly usdcMint: string | undefined;
  readonly secrets: { readonly current: string; readonly previous?: string };
  readonly redisUrl: string;
  readonly redisAuth: { readonly username?: string; readonly password?: string };
  readonly redisPrefix: string;
  readonly rateLimitPerMinute: number;
  readonly retryRateLimitPerMinute: number;
  readonly priceToleranceBps: number;
  readonly trustedProxies: readonly string[];
}

function secret(value: string | undefined, file: string | undefined): string | undefined {
  return file !== undefined ? readFileSync(file, 'utf8').trim() : value;
}

function redisAuth(username: string | undefined, password: string | undefined): PrivateApiConfig['redisAuth'] {
  return { ...(username !== undefined ? { username } : {}), ...(password !== undefined ? { password } : {}) };
}

/**
 * Parses the environment once at boot and fails with the names of what is missing or wrong.
 *
 * @example
 * const config = loadPrivateApiConfig(process.env);
 */
export function loadPrivateApiConfig(env: Record<string, string | undefined>): PrivateApiConfig {
  const parsed = privateApiEnvSchema.safeParse(env);
  if (!parsed.success) {
    const names = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration: ${names.join('; ')}`);
  }
  const e = parsed.data;
  const current = secret(e.PX402_HMAC_SECRET_CURRENT, e.PX402_HMAC_SECRET_CURRENT_FILE);
  if (current === undefined || current.length < 32) {
    throw new Error('invalid configuration: PX402_HMAC_SECRET_CURRENT(_FILE) must hold at least 32 bytes');
  }
  const previous = secret(e.PX402_HMAC_SECRET_PREVIOUS, e.PX402_HMAC_SECRET_PREVIOUS_FILE);
  return {
    port: e.PORT,
    host: e.HOST,
    facilitatorUrl: e.FACILITATOR_URL,
    facilitatorApiKey: e.FACILITATOR_API_KEY,
    merchantWallet: e.MERCHANT_WALLET,
    usdcMint: e.USDC_MINT,
    secrets: previous !== undefined && previous.length > 0 ? { current, previous } : { current },
    redisUrl: e.REDIS_URL,
    redisAuth: redisAuth(e.REDIS_USERNAME, secret(undefined, e.REDIS_PASSWORD_FILE)),
    redisPrefix: e.REDIS_PREFIX,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    retryRateLimitPerMinute: e.RETRY_RATE_LIMIT_PER_MINUTE,
    priceToleranceBps: e.PRICE_TOLERANCE_BPS,
    trustedProxies: e.TRUSTED_PROXIES.split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  };
}
