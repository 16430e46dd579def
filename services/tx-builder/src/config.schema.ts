import { commonConfigSchema } from '@quietpay/platform';
import { DEVNET_PROGRAM_ID_STRINGS } from '@quietpay/solana';
import { Base58AddressSchema } from '@quietpay/x402';
import { z } from 'zod';

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http/https URL' });

export const configSchema = commonConfigSchema({ name: 'tx-builder', httpPort: 4033 }).extend({
  SOLANA_RPC_URL: httpUrl,
  // The TEE encryption key is fetched from `GET <COVALIDATOR_URL>/keys` and cached.
  COVALIDATOR_URL: httpUrl,
  INCO_MINT: Base58AddressSchema,
  INCO_DECIMALS: z.coerce.number().int().min(0).max(18).default(6),
  // Public key only: tx-builder names the facilitator as fee payer and delegate, the signer signs.
  FACILITATOR_PUBKEY: Base58AddressSchema,
  INCO_TOKEN_PROGRAM_ID: Base58AddressSchema.default(DEVNET_PROGRAM_ID_STRINGS.incoToken),
  INCO_LIGHTNING_PROGRAM_ID: Base58AddressSchema.default(DEVNET_PROGRAM_ID_STRINGS.incoLightning),
  // Priority fees are paid by the facilitator: a client's approve may not set more than this.
  MAX_COMPUTE_UNIT_PRICE_MICROLAMPORTS: z.coerce.number().int().min(0).default(1_000_000),
});

export type TxBuilderConfig = z.output<typeof configSchema>;
