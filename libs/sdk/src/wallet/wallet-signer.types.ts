/**
 * A wallet's public key as the SDK reads it: a web3.js `PublicKey`, a wallet adapter's
 * `publicKey`, or `@quietpay/sdk`'s `Address` all fit.
 */
export interface WalletPublicKey {
  toBase58(): string;
  toBytes(): Uint8Array;
}

/**
 * A transaction a wallet signs. The SDK builds its own (`SolanaTransaction`, no web3.js) with the
 * members wallet adapters read from a web3.js `VersionedTransaction`: `version` (adapters route
 * on it) and `serialize()`. A web3.js `Transaction` or `VersionedTransaction` fits too.
 */
export interface SignableTransaction {
  serialize(options?: { requireAllSignatures?: boolean; verifySignatures?: boolean }): Uint8Array;
}

/**
 * The one wallet type of the SDK, taken by `createSession`, `decryptBalance` and
 * `createPrivateClient` alike: the shape browser wallet adapters (Phantom, Solflare, the
 * wallet-adapter standard) expose. `signTransaction` may return another object than it was given
 * (adapters return their own web3.js transaction): the SDK reads only its `serialize()`.
 *
 * @example
 * const wallet = useWallet() as unknown as WalletSigner; // browser wallet adapter
 * const wallet = keypairWallet(Keypair.fromSecretKey(secret)); // Node
 */
export interface WalletSigner {
  readonly publicKey: WalletPublicKey;
  /** ed25519 over the raw bytes (the wallet shows them as text when they are UTF-8). */
  signMessage(message: Uint8Array): Promise<Uint8Array>;
  /** Adds the wallet's signature; other signatures (the fee payer's) may stay missing. */
  signTransaction<T extends SignableTransaction>(transaction: T): Promise<T>;
}
