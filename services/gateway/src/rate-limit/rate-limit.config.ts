import { parseTrustedProxies, type TrustedProxies } from '@quietpay/x402/server';
import { z } from 'zod';

// 0 turns a bucket off; the defaults are documented in docs/operations.md ("Facilitator access and budget").
const perWindow = (fallback: number) => z.coerce.number().int().min(0).max(1_000_000).default(fallback);

/**
 * Rate limits shared by every gateway replica (counted in Redis). Spread into config.schema.ts.
 * Sessions are counted per client IP and per user because each open can cost the facilitator a
 * fee and rent; payments per API key because each settle costs a fee (per session: session-ledger).
 */
export const rateLimitConfigShape = {
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  RATE_LIMIT_SESSIONS_PER_IP: perWindow(10),
  RATE_LIMIT_SESSIONS_PER_USER: perWindow(5),
  // /verify and /settle together. The per-session limit is session-ledger's (counted on verified calls).
  RATE_LIMIT_PAYMENTS_PER_API_KEY: perWindow(6000),
  RATE_LIMIT_KEY_PREFIX: z.string().min(1).default('quietpay:gateway:rl:'),
  // Comma-separated CIDRs (or addresses) of the proxies in front of the gateway whose
  // X-Forwarded-For is believed; empty: the socket peer is the client.
  GATEWAY_TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((v, ctx): TrustedProxies => {
      try {
        return parseTrustedProxies(
          v
            .split(',')
            .map((c) => c.trim())
            .filter((c) => c.length > 0),
        );
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
};

export type RateLimitBucket = 'sessions_per_ip' | 'sessions_per_user' | 'payments_per_api_key';

interface RateLimitVariables {
  readonly RATE_LIMIT_SESSIONS_PER_IP: number;
  readonly RATE_LIMIT_SESSIONS_PER_USER: number;
  readonly RATE_LIMIT_PAYMENTS_PER_API_KEY: number;
}

/** The configured limit of a bucket (0: off). */
export function limitOf(config: RateLimitVariables, bucket: RateLimitBucket): number {
  switch (bucket) {
    case 'sessions_per_ip':
      return config.RATE_LIMIT_SESSIONS_PER_IP;
    case 'sessions_per_user':
      return config.RATE_LIMIT_SESSIONS_PER_USER;
    case 'payments_per_api_key':
      return config.RATE_LIMIT_PAYMENTS_PER_API_KEY;
  }
}
