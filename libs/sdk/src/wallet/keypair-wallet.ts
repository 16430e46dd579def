import type { Keypair, Transaction } from '@solana/web3.js';
import { ed25519Sign } from '@quietpay/x402';
import type { WalletSigner } from './wallet-signer.types';

/**
 * Wraps a Keypair (agents, scripts, tests) as a `WalletSigner`.
 *
 * @example
 * const wallet = keypairWallet(Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(path, 'utf8')))));
 */
export function keypairWallet(keypair: Keypair): WalletSigner {
  return {
    publicKey: keypair.publicKey,
    signMessage: (message) => Promise.resolve(ed25519Sign(message, keypair.secretKey)),
    signTransaction: <T extends Transaction>(transaction: T): Promise<T> => {
      // partialSign: the facilitator (fee payer) signs later, on its side.
      transaction.partialSign(keypair);
      return Promise.resolve(transaction);
    },
  };
}
