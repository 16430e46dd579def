import { Keypair, PublicKey, Transaction, VersionedTransaction } from '@solana/web3.js';
import { ed25519Sign } from '@quietpay/x402';

/** A transaction the payments API hands back: legacy today, versioned when the API says `version: 0`. */
export type PrivateSignableTransaction = Transaction | VersionedTransaction;

/**
 * The wallet the private client pays from, shaped like a Solana wallet adapter so a browser wallet,
 * a hardware wallet or a server keypair all fit. The secret never has to leave the wallet.
 */
export interface PrivateWalletSigner {
  readonly publicKey: PublicKey;
  signTransaction<T extends PrivateSignableTransaction>(transaction: T): Promise<T>;
  /** Ed25519 signature over raw bytes (used for the payments API login challenge). */
  signMessage(message: Uint8Array): Promise<Uint8Array>;
}

/**
 * A {@link PrivateWalletSigner} over an in-memory keypair (agents, servers, tests).
 *
 * @example
 * const wallet = keypairWalletSigner(Keypair.fromSecretKey(secret));
 * const client = createPrivateClient({ wallet, rpcUrl, paymentsApiUrl, mint, cluster: 'devnet' });
 */
export function keypairWalletSigner(keypair: Keypair): PrivateWalletSigner {
  return {
    publicKey: keypair.publicKey,
    signTransaction<T extends PrivateSignableTransaction>(transaction: T): Promise<T> {
      if (transaction instanceof VersionedTransaction) transaction.sign([keypair]);
      else transaction.partialSign(keypair);
      return Promise.resolve(transaction);
    },
    signMessage(message: Uint8Array): Promise<Uint8Array> {
      return Promise.resolve(ed25519Sign(message, keypair.secretKey));
    },
  };
}
