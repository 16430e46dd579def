import type { Provider } from '@nestjs/common';
import { SERVICE_CONFIG } from '@quietpay/platform';
import { Connection, PublicKey } from '@solana/web3.js';
import type { TxBuilderConfig } from '../config.schema';

/** Chain facts from configuration, resolved once. */
export interface ChainParams {
  readonly facilitator: PublicKey;
  readonly mint: PublicKey;
  readonly decimals: number;
  readonly incoToken: PublicKey;
  readonly incoLightning: PublicKey;
  readonly maxComputeUnitPriceMicroLamports: bigint;
}

export const CHAIN_PARAMS = Symbol('CHAIN_PARAMS');
export const SOLANA_CONNECTION = Symbol('SOLANA_CONNECTION');

export const chainProviders: Provider[] = [
  {
    provide: CHAIN_PARAMS,
    inject: [SERVICE_CONFIG],
    useFactory: (config: TxBuilderConfig): ChainParams => ({
      facilitator: new PublicKey(config.FACILITATOR_PUBKEY),
      mint: new PublicKey(config.INCO_MINT),
      decimals: config.INCO_DECIMALS,
      incoToken: new PublicKey(config.INCO_TOKEN_PROGRAM_ID),
      incoLightning: new PublicKey(config.INCO_LIGHTNING_PROGRAM_ID),
      maxComputeUnitPriceMicroLamports: BigInt(config.MAX_COMPUTE_UNIT_PRICE_MICROLAMPORTS),
    }),
  },
  { provide: SOLANA_CONNECTION, inject: [SERVICE_CONFIG], useFactory: (config: TxBuilderConfig) => new Connection(config.SOLANA_RPC_URL, 'confirmed') },
];
