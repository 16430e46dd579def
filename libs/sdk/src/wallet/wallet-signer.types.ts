import type { PublicKey, Transaction, VersionedTransaction } from '@solana/web3.js';

/** A transaction a wallet signs: legacy (session approve, payments API) or versioned (payments API `version: 0`). */
export type SignableTransaction = Transaction | VersionedTransaction;

/**
 * The one wallet type of the SDK, taken by `createSession`, `decryptBalance` and
 * `createPrivateClient` alike: the shape browser wallet adapters (Phantom, Solflare, the
 * wallet-adapter standard) already expose, so a browser app passes its adapter as is.
 *
 * @example
 * const wallet: WalletSigner = useWallet() as WalletSigner; // browser
 * const wallet = keypairWallet(Keypair.fromSecretKey(secret)); // Node
 */
export interface WalletSigner {
  readonly publicKey: PublicKey;
  /** ed25519 over the raw bytes (the wallet shows them as text when they are UTF-8). */
  signMessage(message: Uint8Array): Promise<Uint8Array>;
  /** Adds the wallet's signature; other signatures (the fee payer's) may stay missing. */
  signTransaction<T extends SignableTransaction>(transaction: T): Promise<T>;
}
