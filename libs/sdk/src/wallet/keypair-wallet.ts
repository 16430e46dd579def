import { type Keypair, VersionedTransaction } from '@solana/web3.js';
import { ed25519Sign } from '@quietpay/x402';
import type { SignableTransaction, WalletSigner } from './wallet-signer.types';

/**
 * Wraps a Keypair (agents, scripts, tests) as a `WalletSigner`, usable by the session and the
 * private client alike.
 *
 * @example
 * const wallet = keypairWallet(Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(path, 'utf8')))));
 */
export function keypairWallet(keypair: Keypair): WalletSigner {
  return {
    publicKey: keypair.publicKey,
    signMessage: (message) => Promise.resolve(ed25519Sign(message, keypair.secretKey)),
    signTransaction: <T extends SignableTransaction>(transaction: T): Promise<T> => {
      if (transaction instanceof VersionedTransaction) transaction.sign([keypair]);
      // partialSign: the facilitator (fee payer) signs later, on its side.
      else transaction.partialSign(keypair);
      return Promise.resolve(transaction);
    },
  };
}
