import { Base58AddressSchema } from '@quietpay/x402';
import { z } from 'zod';

/** The program ids and validator a MagicBlock deployment runs (e.g. `DEVNET_PROGRAM_ID_STRINGS` of @quietpay/solana). */
export interface MagicBlockDefaults {
  readonly validator: string;
  readonly ephemeralSpl: string;
  readonly delegation: string;
}

/**
 * The MagicBlock private-transfer facts a service reads from its environment, declared once and
 * spread into chain-poller's, crank-keeper's and (its fields) the gateway's config schema. Each
 * defaults to `defaults`; the localnet runs devnet's ids, and `npm run stack` passes what it reports.
 *
 * @example
 * configSchema.extend({ ...magicBlockConfigShape(DEVNET_PROGRAM_ID_STRINGS) });
 */
export function magicBlockConfigShape(defaults: MagicBlockDefaults) {
  return {
    /** The validator whose private transfer queue settles. */
    MAGICBLOCK_VALIDATOR: Base58AddressSchema.default(defaults.validator),
    /** The payments API's name for the chain (`cluster` in its requests). */
    SOLANA_CLUSTER: z.string().min(1).default('localnet'),
    EPHEMERAL_SPL_PROGRAM_ID: Base58AddressSchema.default(defaults.ephemeralSpl),
    DELEGATION_PROGRAM_ID: Base58AddressSchema.default(defaults.delegation),
  };
}
