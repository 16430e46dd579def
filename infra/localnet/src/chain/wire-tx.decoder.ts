import { PublicKey, VersionedTransaction } from '@solana/web3.js';
import bs58 from 'bs58';

export class TxDecodeError extends Error {
  override readonly name = 'TxDecodeError';
}

/** A wire transaction that is safe to hand to LiteSVM (its native decoder aborts the process on bad bytes). */
export interface DecodedWireTx {
  bytes: Uint8Array;
  tx: VersionedTransaction;
  signature: string;
  version: 'legacy' | 0;
  recentBlockhash: string;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Decodes and sanitizes wire bytes. LiteSVM 1.5.0 panics (aborting Node) on bytes its bincode
 * reader rejects, so only bytes that round-trip through web3.js unchanged and pass the
 * validator's structural checks ever reach it.
 */
export function decodeWireTx(bytes: Uint8Array): DecodedWireTx {
  if (bytes.length === 0 || bytes.length > 1232) throw new TxDecodeError(`invalid transaction size ${bytes.length}`);
  let tx: VersionedTransaction;
  try {
    tx = VersionedTransaction.deserialize(bytes);
  } catch {
    throw new TxDecodeError('failed to deserialize transaction');
  }
  let again: Uint8Array;
  try {
    again = tx.serialize();
  } catch {
    throw new TxDecodeError('failed to deserialize transaction');
  }
  if (!sameBytes(again, bytes)) throw new TxDecodeError('failed to deserialize transaction: trailing or non-canonical bytes');
  sanitize(tx);
  const first = tx.signatures[0];
  if (first === undefined) throw new TxDecodeError('transaction has no signatures');
  return {
    bytes,
    tx,
    signature: bs58.encode(first),
    version: tx.version === 'legacy' ? 'legacy' : 0,
    recentBlockhash: tx.message.recentBlockhash,
  };
}

function sanitize(tx: VersionedTransaction): void {
  const msg = tx.message;
  const { numRequiredSignatures, numReadonlySignedAccounts, numReadonlyUnsignedAccounts } = msg.header;
  const staticCount = msg.staticAccountKeys.length;
  const lookupCount = msg.addressTableLookups.reduce((n, l) => n + l.writableIndexes.length + l.readonlyIndexes.length, 0);
  const total = staticCount + lookupCount;
  const bad = (why: string): never => {
    throw new TxDecodeError(`Transaction failed to sanitize accounts offsets correctly: ${why}`);
  };
  if (numRequiredSignatures === 0) bad('no required signatures');
  if (tx.signatures.length !== numRequiredSignatures) bad('signature count mismatch');
  if (numRequiredSignatures > staticCount) bad('more signers than keys');
  if (numReadonlySignedAccounts >= numRequiredSignatures) bad('fee payer must be writable');
  if (numReadonlyUnsignedAccounts > staticCount - numRequiredSignatures) bad('readonly count');
  if (total > 256) bad('too many accounts');
  const seen = new Set<string>();
  for (const key of msg.staticAccountKeys) {
    const k = key.toBase58();
    if (seen.has(k)) bad('duplicate account key');
    seen.add(k);
  }
  for (const ix of msg.compiledInstructions) {
    // Program ids must be static keys and never the fee payer.
    if (ix.programIdIndex === 0 || ix.programIdIndex >= staticCount) bad('program id index');
    for (const a of ix.accountKeyIndexes) if (a >= total) bad('account index');
  }
}

/** Every account key of the message, static then lookup-table loaded (writable first, as the runtime orders them). */
export function resolveAccountKeys(
  tx: VersionedTransaction,
  lookupTable: (address: PublicKey) => PublicKey[] | null,
): { keys: PublicKey[]; loadedWritable: PublicKey[]; loadedReadonly: PublicKey[] } | null {
  const loadedWritable: PublicKey[] = [];
  const loadedReadonly: PublicKey[] = [];
  for (const l of tx.message.addressTableLookups) {
    const table = lookupTable(l.accountKey);
    if (table === null) return null;
    for (const i of l.writableIndexes) {
      const k = table[i];
      if (k === undefined) return null;
      loadedWritable.push(k);
    }
    for (const i of l.readonlyIndexes) {
      const k = table[i];
      if (k === undefined) return null;
      loadedReadonly.push(k);
    }
  }
  return { keys: [...tx.message.staticAccountKeys, ...loadedWritable, ...loadedReadonly], loadedWritable, loadedReadonly };
}
