import { ed25519 } from '@noble/curves/ed25519';
import { Keypair, type PublicKey, Transaction, VersionedTransaction } from '@solana/web3.js';

/** One request the wallet was asked to sign, as a wallet extension would show it to its user. */
export interface WalletPrompt {
  readonly kind: 'transaction' | 'message';
}

/** What a wallet adapter accepts: web3.js transactions, or any object with their `serialize()` (and `version` when versioned). */
interface SerializableTransaction {
  readonly version?: unknown;
  serialize(options?: { requireAllSignatures?: boolean; verifySignatures?: boolean }): Uint8Array;
}

/**
 * A wallet adapter over a keypair held in the page (or worker), standing in for a wallet
 * extension. It behaves as the Solana wallet adapters do: the transaction travels to the wallet as
 * bytes (`serialize()`), the wallet signs its message, and the adapter hands back a NEW web3.js
 * transaction of the same kind (`VersionedTransaction.deserialize` / `Transaction.from`). Written
 * here, not taken from the SDK, so the test proves the SDK works with a foreign wallet object. It
 * records every prompt, so the page can show that paid calls never ask the wallet.
 */
export class InPageWalletAdapter {
  readonly publicKey: PublicKey;
  readonly prompts: WalletPrompt[] = [];
  private readonly keypair: Keypair;

  constructor(secretKey: Uint8Array) {
    this.keypair = Keypair.fromSecretKey(secretKey);
    this.publicKey = this.keypair.publicKey;
  }

  signMessage(message: Uint8Array): Promise<Uint8Array> {
    this.prompts.push({ kind: 'message' });
    // ed25519 seeds are the first 32 bytes of a Solana secret key.
    return Promise.resolve(ed25519.sign(message, this.keypair.secretKey.slice(0, 32)));
  }

  signTransaction<T extends SerializableTransaction>(transaction: T): Promise<T> {
    this.prompts.push({ kind: 'transaction' });
    const versioned = 'version' in transaction && transaction.version !== undefined;
    // Other signers (the facilitator pays the fee) sign later: their slots stay empty.
    const unsigned = versioned ? transaction.serialize() : transaction.serialize({ requireAllSignatures: false, verifySignatures: false });
    const signed = this.walletSigns(unsigned);
    return Promise.resolve((versioned ? VersionedTransaction.deserialize(signed) : Transaction.from(signed)) as unknown as T);
  }

  /** The extension's side: wire bytes in, the same bytes with this key's signature out (legacy or v0). */
  private walletSigns(wire: Uint8Array): Uint8Array {
    const transaction = VersionedTransaction.deserialize(wire);
    transaction.sign([this.keypair]);
    return transaction.serialize();
  }
}
