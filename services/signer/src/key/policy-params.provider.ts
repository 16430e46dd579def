import type { Provider } from '@nestjs/common';
import { SERVICE_CONFIG } from '@quietpay/platform';
import { type Keypair, PublicKey } from '@solana/web3.js';
import type { SignerConfig } from '../config.schema';
import type { PolicyParams } from '../policy/policy-params';
import { FACILITATOR_KEY } from './facilitator-key.provider';

export const POLICY_PARAMS = Symbol('POLICY_PARAMS');

export const policyParamsProvider: Provider = {
  provide: POLICY_PARAMS,
  inject: [SERVICE_CONFIG, FACILITATOR_KEY],
  useFactory: (config: SignerConfig, key: Keypair): PolicyParams => ({
    facilitator: key.publicKey,
    mint: new PublicKey(config.INCO_MINT),
    decimals: config.INCO_DECIMALS,
    incoToken: new PublicKey(config.INCO_TOKEN_PROGRAM_ID),
    incoLightning: new PublicKey(config.INCO_LIGHTNING_PROGRAM_ID),
    maxComputeUnitPriceMicroLamports: BigInt(config.MAX_COMPUTE_UNIT_PRICE_MICROLAMPORTS),
    maxLegacyTopUpLamports: config.LEGACY_SESSION_TOP_UP_MAX_LAMPORTS,
  }),
};
