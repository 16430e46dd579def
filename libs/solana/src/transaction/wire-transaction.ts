import bs58 from 'bs58';
import { concatBytes } from '../codec/little-endian.codec';
import { decodeCompactU16, encodeCompactU16 } from './compact-u16.codec';

/*
 * A serialized transaction (legacy or v0) as the wire carries it: compact-u16 signature count, the
 * 64-byte signatures (zeros where missing), the message. Reading the message's header and static
 * keys is all a signer needs, so the browser SDK signs the payments API's and its own transactions
 * without web3.js.
 */

const SIGNATURE_BYTES = 64;
const VERSION_PREFIX = 0x80;

/** A transaction split into its signatures and message, with the keys that must sign. */
export interface WireTransaction {
  readonly signatures: Uint8Array[];
  readonly message: Uint8Array;
  /** 'legacy', or the message version (0). */
  readonly version: 'legacy' | number;
  /** base58 of the first `numRequiredSignatures` static keys, in signature order. */
  readonly signers: readonly string[];
}

/**
 * Parses serialized transaction bytes. Throws RangeError on a truncated or inconsistent transaction.
 *
 * @example
 * const tx = parseWireTransaction(base64ToBytes(apiAnswer.transactionBase64));
 */
export function parseWireTransaction(bytes: Uint8Array): WireTransaction {
  const count = decodeCompactU16(bytes, 0);
  let at = count.length;
  const signatures: Uint8Array[] = [];
  for (let i = 0; i < count.value; i += 1) {
    if (at + SIGNATURE_BYTES > bytes.length) throw new RangeError('transaction signatures overrun its bytes');
    signatures.push(bytes.slice(at, at + SIGNATURE_BYTES));
    at += SIGNATURE_BYTES;
  }
  const message = bytes.slice(at);
  const first = message[0];
  if (first === undefined) throw new RangeError('transaction has no message');
  const versioned = (first & VERSION_PREFIX) !== 0;
  const headerAt = versioned ? 1 : 0;
  const required = message[headerAt];
  if (required === undefined || message.length < headerAt + 3) throw new RangeError('message header overruns its bytes');
  const keyCount = decodeCompactU16(message, headerAt + 3);
  const keysAt = headerAt + 3 + keyCount.length;
  if (keyCount.value < required || keysAt + 32 * keyCount.value > message.length) throw new RangeError('message keys overrun its bytes');
  if (required !== count.value) throw new RangeError(`transaction carries ${count.value} signatures, its message requires ${required}`);
  const signers = Array.from({ length: required }, (_, i) => bs58.encode(message.subarray(keysAt + 32 * i, keysAt + 32 * (i + 1))));
  return { signatures, message, version: versioned ? first & ~VERSION_PREFIX : 'legacy', signers };
}

/** An unsigned transaction over compiled message bytes: one zeroed signature slot per signer. */
export function unsignedWireTransaction(message: Uint8Array): WireTransaction {
  return parseWireTransaction(concatBytes(encodeCompactU16(message[0] ?? 0), new Uint8Array(SIGNATURE_BYTES * (message[0] ?? 0)), message));
}

/** Serializes the signatures and message back to wire bytes. */
export function serializeWireTransaction(tx: Pick<WireTransaction, 'signatures' | 'message'>): Uint8Array {
  return concatBytes(encodeCompactU16(tx.signatures.length), ...tx.signatures, tx.message);
}

/**
 * Sets `signer`'s signature (`sign` is ed25519 over the message bytes). Throws RangeError when the
 * key is not among the message's signers.
 *
 * @example
 * withSignature(tx, wallet.toBase58(), (m) => ed25519Sign(m, secretKey));
 */
export function withSignature(tx: WireTransaction, signer: string, signature: Uint8Array): WireTransaction {
  const index = tx.signers.indexOf(signer);
  if (index < 0) throw new RangeError(`${signer} is not a signer of this transaction`);
  if (signature.length !== SIGNATURE_BYTES) throw new RangeError(`a signature is ${SIGNATURE_BYTES} bytes, got ${signature.length}`);
  const signatures = tx.signatures.map((s, i) => (i === index ? Uint8Array.from(signature) : s));
  return { ...tx, signatures };
}
