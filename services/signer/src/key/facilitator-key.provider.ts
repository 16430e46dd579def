import type { Provider } from '@nestjs/common';
import { NativeEd25519SigningKey, SERVICE_CONFIG } from '@quietpay/platform';
import { Keypair } from '@solana/web3.js';
import type { SignerConfig } from '../config.schema';

export const FACILITATOR_KEY = Symbol('FACILITATOR_KEY');
/** The same key as a native (node:crypto) signing key: every signature the signer makes uses it. */
export const FACILITATOR_SIGNING_KEY = Symbol('FACILITATOR_SIGNING_KEY');

/** The facilitator keypair, built once from the Secret; the file's bytes never leave this process. */
export const facilitatorKeyProvider: Provider = {
  provide: FACILITATOR_KEY,
  inject: [SERVICE_CONFIG],
  useFactory: (config: SignerConfig): Keypair => {
    const bytes = JSON.parse(config.FACILITATOR_KEYPAIR_PATH.reveal().toString('utf8')) as number[];
    return Keypair.fromSecretKey(Uint8Array.from(bytes));
  },
};

export const facilitatorSigningKeyProvider: Provider = {
  provide: FACILITATOR_SIGNING_KEY,
  inject: [FACILITATOR_KEY],
  useFactory: (key: Keypair): NativeEd25519SigningKey => NativeEd25519SigningKey.fromSecretKey(key.secretKey),
};
