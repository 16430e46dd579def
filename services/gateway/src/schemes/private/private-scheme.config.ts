import { magicBlockConfigShape } from '@quietpay/platform';
import { DEVNET_PROGRAM_ID_STRINGS } from '@quietpay/solana';
import { Base58AddressSchema } from '@quietpay/x402';
import { z } from 'zod';

const magicBlock = magicBlockConfigShape(DEVNET_PROGRAM_ID_STRINGS);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/**
 * The gateway variables of the `private` scheme (x402 v2 over MagicBlock private transfers). Spread
 * into config.schema.ts; `checkPrivateSchemeConfig` makes the chain facts required once enabled.
 */
export const privateSchemeConfigShape = {
  PRIVATE_SCHEME_ENABLED: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  // The USDC mint agents pay in; chain-poller must watch the same mint.
  USDC_MINT: optional(Base58AddressSchema),
  // The payments API agents call (advertised in /supported; the gateway itself never calls it).
  PAYMENTS_API_URL: optional(z.url({ protocol: /^https?$/ })),
  MAGICBLOCK_VALIDATOR: magicBlock.MAGICBLOCK_VALIDATOR,
  // The payments API's name for the chain (`cluster` in its requests); defaults to QUIETPAY_PROFILE.
  SOLANA_CLUSTER: optional(z.string().min(1)),
  // When unset, the ["queue", mint, validator] PDA under EPHEMERAL_SPL_PROGRAM_ID.
  PRIVATE_TRANSFER_QUEUE: optional(Base58AddressSchema),
  EPHEMERAL_SPL_PROGRAM_ID: magicBlock.EPHEMERAL_SPL_PROGRAM_ID,
  // Namespace of the settle claims in the Redis all gateway replicas share.
  PRIVATE_CLAIM_KEY_PREFIX: z.string().min(1).default('quietpay:gateway'),
};

type PrivateSchemeVariables = { PRIVATE_SCHEME_ENABLED: boolean; USDC_MINT?: string | undefined; PAYMENTS_API_URL?: string | undefined };

/** Fails the boot (with the variable names) when the scheme is enabled without its chain facts. */
export function checkPrivateSchemeConfig(config: PrivateSchemeVariables, ctx: z.RefinementCtx): void {
  if (!config.PRIVATE_SCHEME_ENABLED) return;
  for (const name of ['USDC_MINT', 'PAYMENTS_API_URL'] as const) {
    if (config[name] === undefined) ctx.addIssue({ code: 'custom', path: [name], message: 'required when PRIVATE_SCHEME_ENABLED=true' });
  }
}
