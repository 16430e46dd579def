import { commonConfigSchema } from '@quietpay/platform';
import { Base58AddressSchema, CAIP2_PATTERN, type Caip2Network, DEFAULT_NETWORK_IDS, normalizeNetworkAlias } from '@quietpay/x402';
import { z } from 'zod';
import { facilitatorAccessConfigShape } from './access/facilitator-access.config';
import { adminConfigShape, checkAdminConfig } from './admin/admin.config';
import { consoleConfigShape } from './admin/console/console.static';
import { rateLimitConfigShape } from './rate-limit/rate-limit.config';
import { checkPrivateSchemeConfig, privateSchemeConfigShape } from './schemes/private/private-scheme.config';
import { normalizeOrigin } from './http/cors.policy';

// docker-compose passes unset chain facts as empty strings: read those as absent.
const optionalAddress = z.preprocess((v) => (v === '' ? undefined : v), Base58AddressSchema.optional());

const PROFILES = ['localnet', 'devnet', 'mainnet'] as const;

function isOrigin(value: string): boolean {
  try {
    normalizeOrigin(value);
    return true;
  } catch {
    return false;
  }
}

const caip2 = z
  .string()
  .regex(CAIP2_PATTERN, 'must be a CAIP-2 id such as solana:localnet')
  .transform((v) => normalizeNetworkAlias(v as Caip2Network));

// The gateway is the public HTTP API, so its one HTTP server listens on PORT and also serves
// the health and metrics routes (HTTP_PORT is therefore derived from PORT, not read).
export const configSchema = commonConfigSchema({ name: 'gateway', httpPort: 4021 })
  .omit({ HTTP_PORT: true })
  .extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(4021),
    HEALTH_PROBE_TIMEOUT_MS: z.coerce.number().int().positive().default(1000),
    QUIETPAY_PROFILE: z.enum(PROFILES).default('localnet'),
    // The facilitator's public key (fee payer and IncoToken delegate; the private key stays in signer)
    // and the session scheme's mint. The session scheme is offered only when both are set, so a
    // gateway without chain facts still boots for health checks and other schemes (it logs why).
    FACILITATOR_PUBKEY: optionalAddress,
    INCO_MINT: optionalAddress,
    INCO_DECIMALS: z.coerce.number().int().min(0).max(18).default(6),
    // Defaults are the ids of the public devnet deployment, which localnet emulates at the same addresses.
    INCO_TOKEN_PROGRAM_ID: Base58AddressSchema.default('9Cir3JKBcQ1mzasrQNKWMiGVZvYu3dxvfkGeQ6mohWWi'),
    INCO_LIGHTNING_PROGRAM_ID: Base58AddressSchema.default('5sjEbPiqgZrYwR31ahR6Uk9wf5awoX61YGg7jExQSwaj'),
    // SESSION_NETWORK wins; SOLANA_NETWORK is the chain-wide name the k8s overlays set; else the profile's id.
    SESSION_NETWORK: caip2.optional(),
    SOLANA_NETWORK: caip2.optional(),
    SETTLEMENT_MODE: z.enum(['per-call', 'batched']).default('per-call'),
    // secp256k1 uncompressed key (hex) the SDK encrypts amounts to; when absent the SDK asks the covalidator.
    TEE_PUBLIC_KEY: z
      .string()
      .regex(/^(0x)?04[0-9a-fA-F]{128}$/, 'must be a 65-byte uncompressed hex key')
      .optional(),
    // Absolute base URL clients reach this gateway at; when unset, derived from each request's Host.
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    ...facilitatorAccessConfigShape,
    ...rateLimitConfigShape,
    // Browser origins allowed to call the gateway: '*' or a comma-separated list (https://app.example).
    // Unset: any origin on the localnet profile, none on devnet/mainnet.
    CORS_ALLOWED_ORIGINS: z
      .string()
      .optional()
      .refine(
        (v) => v === undefined || v.split(',').every((o) => o.trim() === '' || o.trim() === '*' || isOrigin(o.trim())),
        'must be * or comma-separated origins like https://app.example',
      ),
    MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(1_048_576).default(65_536),
    // Requests one gateway process works on at once; past it a request is answered 503 `overloaded`
    // with Retry-After before anything is checked or charged (http/load-shedding.installer.ts).
    // A per-call /settle holds its request until its transfer confirms, so leave room for those.
    // 0: no bound.
    MAX_IN_FLIGHT_REQUESTS: z.coerce.number().int().min(0).default(1024),
    OVERLOAD_RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).max(60).default(1),
    // How long /settle follows its settlement (per-call: to a final status; batched: to the
    // hand-off) before answering settlement_pending (docs/operations.md, Stalls).
    SETTLE_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
    // How often a /settle still waiting looks at its settlement's status, so it answers as soon as
    // the settlement is done even when the submitter holding its request died (first look after this).
    SETTLE_STATUS_POLL_MS: z.coerce.number().int().positive().default(1_000),
    // How long a session's open may take (approve transaction sent and confirmed on chain).
    OPEN_SESSION_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
    ...privateSchemeConfigShape,
    ...adminConfigShape,
    ...consoleConfigShape,
  })
  .superRefine(checkPrivateSchemeConfig)
  .superRefine(checkAdminConfig)
  .transform((config) => ({
    ...config,
    HTTP_PORT: config.PORT,
    NETWORK: config.SESSION_NETWORK ?? config.SOLANA_NETWORK ?? DEFAULT_NETWORK_IDS[config.QUIETPAY_PROFILE],
  }));

export type GatewayConfig = z.output<typeof configSchema>;
