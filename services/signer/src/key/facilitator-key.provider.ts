import type { Provider } from '@nestjs/common';
import { SERVICE_CONFIG } from '@quietpay/platform';
import { Keypair } from '@solana/web3.js';
import type { SignerConfig } from '../config.schema';

export const FACILITATOR_KEY = Symbol('FACILITATOR_KEY');

/** The facilitator keypair, built once from the Secret; the file's bytes never leave this process. */
export const facilitatorKeyProvider: Provider = {
  provide: FACILITATOR_KEY,
  inject: [SERVICE_CONFIG],
  useFactory: (config: SignerConfig): Keypair => {
    const bytes = JSON.parse(config.FACILITATOR_KEYPAIR_PATH.reveal().toString('utf8')) as number[];
    return Keypair.fromSecretKey(Uint8Array.from(bytes));
  },
};
