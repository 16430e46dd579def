import { commonConfigSchema } from '@quietpay/platform';
import { Base58AddressSchema } from '@quietpay/x402';
import { z } from 'zod';

export const configSchema = commonConfigSchema({ name: 'decrypt-proxy', httpPort: 4038 }).extend({
  // The covalidator that holds the plaintexts (localnet's stand-in by default in dev).
  COVALIDATOR_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:8901'),
  // The covalidator's ed25519 attestation key. Pin it in production; when unset it is fetched
  // once from `GET <COVALIDATOR_URL>/keys` and pinned for the life of the process.
  ATTESTATION_PUBLIC_KEY: Base58AddressSchema.optional(),
  COVALIDATOR_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  // Verified plaintexts are cached this long: balances change with every transfer, but a handle's
  // plaintext never does, so staleness is impossible; the TTL only bounds memory.
  DECRYPT_CACHE_TTL_SECONDS: z.coerce.number().int().positive().default(60),
  // Fixed-window rate limit per requesting address (handles, not calls, count).
  DECRYPT_RATE_LIMIT: z.coerce.number().int().positive().default(120),
  DECRYPT_RATE_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
  // Redis key prefix, so environments and tests sharing a Redis stay apart.
  DECRYPT_KEY_PREFIX: z.string().min(1).default('qp:decrypt'),
});

export type DecryptProxyConfig = z.output<typeof configSchema>;
