import { Inject, Injectable } from '@nestjs/common';
import type { SignDecryptAuthOutcome, SignDecryptAuthRequest } from '@quietpay/contracts';
import { LOGGER, type NativeEd25519SigningKey } from '@quietpay/platform';
import type { Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import type { Logger } from 'pino';
import { FACILITATOR_KEY, FACILITATOR_SIGNING_KEY } from '../key/facilitator-key.provider';
import { decryptAuthPolicy } from '../policy/decrypt-auth.policy';

/** Signs the UTF-8 handle string of an attested-decrypt request, and nothing that is not a handle. */
@Injectable()
export class SignDecryptAuthUseCase {
  constructor(
    @Inject(FACILITATOR_KEY) private readonly key: Keypair,
    @Inject(FACILITATOR_SIGNING_KEY) private readonly signingKey: NativeEd25519SigningKey,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  execute(request: SignDecryptAuthRequest): SignDecryptAuthOutcome {
    const verdict = decryptAuthPolicy(request.handle);
    if (!verdict.ok) {
      // The refused input is logged by length only: it may be anything a caller tried to get signed.
      this.logger.warn({ purpose: 'DECRYPT_AUTH', reason: verdict.reason, length: request.handle.length }, 'signing refused');
      return { outcome: { case: 'refused', value: { reason: verdict.reason, detail: verdict.detail } } };
    }
    const signature = this.signingKey.sign(new TextEncoder().encode(request.handle));
    return { outcome: { case: 'signed', value: { signature: bs58.encode(signature), address: this.key.publicKey.toBase58() } } };
  }
}
