import type { Keypair, Transaction } from '@solana/web3.js';
import nacl from 'tweetnacl';
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
    signMessage: (message) => Promise.resolve(nacl.sign.detached(message, keypair.secretKey)),
    signTransaction: <T extends Transaction>(transaction: T): Promise<T> => {
      // partialSign: the facilitator (fee payer) signs later, on its side.
      transaction.partialSign(keypair);
      return Promise.resolve(transaction);
    },
  };
}
