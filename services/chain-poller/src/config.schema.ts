import { commaList, commonConfigSchema, magicBlockConfigShape, positiveInt } from '@quietpay/platform';
import { DEVNET_PROGRAM_ID_STRINGS } from '@quietpay/solana';
import { Base58AddressSchema } from '@quietpay/x402';
import { z } from 'zod';

const pubkeyList = commaList(Base58AddressSchema, 1);

export const configSchema = commonConfigSchema({ name: 'chain-poller', httpPort: 4037 })
  .extend({
    SOLANA_RPC_URL: z.url({ protocol: /^https?$/ }),
    PAYMENTS_API_URL: z.url({ protocol: /^https?$/ }),
    /** Mints whose private transfer queues are watched; USDC_MINT alone is the common case. */
    PRIVATE_MINTS: pubkeyList.optional(),
    USDC_MINT: Base58AddressSchema.optional(),
    ...magicBlockConfigShape(DEVNET_PROGRAM_ID_STRINGS),
    SOLANA_COMMITMENT: z.enum(['confirmed', 'finalized']).default('confirmed'),
    POLL_INTERVAL_MS: positiveInt(1000),
    /**
     * PubSub endpoint for the wake-up subscription (logsSubscribe on the watched queues). Default:
     * the RPC URL as ws(s) with the port + 1, the Solana convention web3.js and localnet follow.
     */
    SOLANA_WS_URL: z.url({ protocol: /^wss?$/ }).optional(),
    /** Poll as soon as the chain reports a transaction on a watched queue (the timer still polls). */
    WAKE_ON_CHAIN_NOTIFICATIONS: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    POLL_STALL_AFTER_MS: positiveInt(30_000),
    FETCH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(16),
    SIGNATURE_PAGE_LIMIT: z.coerce.number().int().min(1).max(1000).default(1000),
    /**
     * How long an indexed private payment stays findable after its latest part (seconds; default 7
     * days): a payer must claim (settle) within it. Bounds the index's Redis growth.
     */
    PAYMENT_INDEX_RETENTION_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .default(7 * 24 * 3600),
    /** Namespace of every Redis key this service writes (tests give each run its own). */
    REDIS_KEY_PREFIX: z.string().min(1).default('quietpay:chain-poller'),
  })
  .transform((config, ctx) => {
    const mints = config.PRIVATE_MINTS ?? (config.USDC_MINT !== undefined ? [config.USDC_MINT] : []);
    if (mints.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['PRIVATE_MINTS'], message: 'set PRIVATE_MINTS or USDC_MINT' });
      return z.NEVER;
    }
    return { ...config, mints };
  });

export type ChainPollerConfig = z.output<typeof configSchema>;
