import { parseWireTransaction, serializeWireTransaction, type WireTransaction, withSignature } from '@quietpay/solana';
import bs58 from 'bs58';

/**
 * A transaction handed to `WalletSigner.signTransaction`, built without web3.js. It has what wallet
 * adapters read from a web3.js `VersionedTransaction` (`version`, `serialize()`, `signatures`), so
 * an adapter signs it as one and may hand back its own web3.js object: the SDK reads only
 * `serialize()` from what the wallet returns.
 */
export class SolanaTransaction {
  private wire: WireTransaction;

  constructor(bytes: Uint8Array) {
    this.wire = parseWireTransaction(bytes);
  }

  /** 'legacy' or the message version, as web3.js names it. */
  get version(): 'legacy' | number {
    return this.wire.version;
  }

  /** The message bytes every signer signs. */
  get messageBytes(): Uint8Array {
    return Uint8Array.from(this.wire.message);
  }

  /** One 64-byte signature per required signer, zeros where it is still missing. */
  get signatures(): Uint8Array[] {
    return this.wire.signatures.map((s) => Uint8Array.from(s));
  }

  /** base58 keys that must sign, in signature order (the first pays the fee). */
  get signers(): readonly string[] {
    return this.wire.signers;
  }

  /** Adds `signer`'s ed25519 signature over `messageBytes`. Throws RangeError when it is not a signer. */
  addSignature(signer: string, signature: Uint8Array): void {
    this.wire = withSignature(this.wire, signer, signature);
  }

  /** The signature of `signer`, or null while it is missing. */
  signatureOf(signer: string): Uint8Array | null {
    const s = this.wire.signatures[this.wire.signers.indexOf(signer)];
    return s && s.some((b) => b !== 0) ? Uint8Array.from(s) : null;
  }

  /** Wire bytes, missing signatures as zeros (the facilitator adds the fee payer's). */
  serialize(): Uint8Array {
    return serializeWireTransaction(this.wire);
  }
}

/** What the SDK reads from a wallet's signed transaction: its bytes. */
export interface SerializableTransaction {
  serialize(options?: { requireAllSignatures?: boolean; verifySignatures?: boolean }): Uint8Array;
}

/**
 * The bytes of what a wallet returned, and the signature `signer` put in it (null when missing).
 * A web3.js legacy `Transaction` refuses to serialize with the fee payer's signature missing
 * unless told, hence the options.
 */
export function signedBytes(signed: SerializableTransaction, signer: string): { bytes: Uint8Array; signature: string | null } {
  const bytes = Uint8Array.from(signed.serialize({ requireAllSignatures: false, verifySignatures: false }));
  const parsed = new SolanaTransaction(bytes);
  const signature = parsed.signatureOf(signer);
  return { bytes, signature: signature ? bs58.encode(signature) : null };
}
