import { commaList, commonConfigSchema, magicBlockConfigShape, positiveInt } from '@quietpay/platform';
import { DEVNET_PROGRAM_ID_STRINGS } from '@quietpay/solana';
import { Base58AddressSchema } from '@quietpay/x402';
import { z } from 'zod';

const pubkeyList = commaList(Base58AddressSchema, 1);

export const configSchema = commonConfigSchema({ name: 'crank-keeper', httpPort: 4036 })
  .extend({
    SOLANA_RPC_URL: z.url({ protocol: /^https?$/ }),
    PAYMENTS_API_URL: z.url({ protocol: /^https?$/ }),
    PRIVATE_MINTS: pubkeyList.optional(),
    USDC_MINT: Base58AddressSchema.optional(),
    ...magicBlockConfigShape(DEVNET_PROGRAM_ID_STRINGS),
    /** One or more validators (comma-separated); every mint is kept cranked on each. */
    MAGICBLOCK_VALIDATOR: pubkeyList.default([DEVNET_PROGRAM_ID_STRINGS.validator]),
    /** Well inside the payments API's 60 s idle stop. */
    CRANK_KICK_INTERVAL_MS: positiveInt(20_000),
    /** Queued entries older than this with no settlement since: force a crank run. */
    CRANK_STALE_AFTER_MS: positiveInt(15_000),
    /** Queued entries older than this with no settlement since: report the crank stalled. */
    CRANK_STALL_AFTER_MS: positiveInt(60_000),
    /** How many recent queue signatures are inspected for queued-versus-settled. */
    CRANK_RECENT_SIGNATURES: z.coerce.number().int().min(1).max(200).default(25),
    LEADER_LOCK_TTL_MS: positiveInt(15_000),
    LEADER_RENEW_INTERVAL_MS: positiveInt(5_000),
    REDIS_KEY_PREFIX: z.string().min(1).default('quietpay:crank-keeper'),
  })
  .transform((config, ctx) => {
    const mints = config.PRIVATE_MINTS ?? (config.USDC_MINT !== undefined ? [config.USDC_MINT] : []);
    if (mints.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['PRIVATE_MINTS'], message: 'set PRIVATE_MINTS or USDC_MINT' });
      return z.NEVER;
    }
    if (config.LEADER_RENEW_INTERVAL_MS * 2 > config.LEADER_LOCK_TTL_MS) {
      ctx.addIssue({ code: 'custom', path: ['LEADER_RENEW_INTERVAL_MS'], message: 'must be at most half of LEADER_LOCK_TTL_MS' });
      return z.NEVER;
    }
    return { ...config, mints };
  });

export type CrankKeeperConfig = z.output<typeof configSchema>;
