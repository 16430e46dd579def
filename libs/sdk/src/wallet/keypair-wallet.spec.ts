import { QuietpayError } from '@quietpay/x402';
import { Keypair } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import type { SignableTransaction } from './wallet-signer.types';
import { keypairWallet } from './keypair-wallet';

describe('keypairWallet', () => {
  it('refuses a transaction it cannot sign with a typed wallet_refused (phase sign), like a wallet that says no', async () => {
    const foreign = { serialize: () => new Uint8Array(0) } as SignableTransaction;
    const error: unknown = await keypairWallet(Keypair.generate())
      .signTransaction(foreign)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuietpayError);
    expect(error).toMatchObject({ code: 'wallet_refused', phase: 'sign', retryable: false });
  });
});
