import { PublicKey, VersionedTransaction } from '@solana/web3.js';
import { refuse } from './policy-verdict';

/** One account as an instruction sees it, with the message-level flags the runtime applies. */
export interface AccountRef {
  readonly key: PublicKey;
  readonly index: number;
  readonly signer: boolean;
  readonly writable: boolean;
}

export interface InstructionView {
  readonly position: number;
  readonly programId: PublicKey;
  readonly accounts: readonly AccountRef[];
  readonly data: Uint8Array;
}

/** The parts of a transaction a policy reasons about, with every key resolved. */
export interface TransactionView {
  readonly tx: VersionedTransaction;
  readonly feePayer: PublicKey;
  readonly recentBlockhash: string;
  readonly requiredSigners: readonly PublicKey[];
  readonly instructions: readonly InstructionView[];
  /** Message keys in order, so a rule can ask which accounts are writable at all. */
  readonly accounts: readonly AccountRef[];
}

const DEFAULT_BLOCKHASH = PublicKey.default.toBase58();

/**
 * Decodes wire bytes (legacy or v0). Address lookup tables are refused: keys the signer cannot
 * see without RPC could hide the facilitator in a writable slot.
 */
export function viewTransaction(base64: string): TransactionView {
  let tx: VersionedTransaction;
  try {
    tx = VersionedTransaction.deserialize(Buffer.from(base64, 'base64'));
  } catch (error) {
    refuse('malformed_transaction', error instanceof Error ? error.message : 'undecodable');
  }
  const message = tx.message;
  if (message.addressTableLookups.length > 0) refuse('address_lookup_table', 'lookup tables are not accepted');
  if (!message.recentBlockhash || message.recentBlockhash === DEFAULT_BLOCKHASH) refuse('missing_blockhash', 'no recent blockhash');
  const keys = message.staticAccountKeys;
  const accounts = keys.map((key, index) => ({ key, index, signer: message.isAccountSigner(index), writable: message.isAccountWritable(index) }));
  const feePayer = keys[0];
  if (!feePayer) refuse('malformed_transaction', 'no accounts');
  const instructions = message.compiledInstructions.map((ix, position) => {
    const programId = keys[ix.programIdIndex];
    if (!programId) refuse('malformed_transaction', `instruction ${position} names a missing program`);
    const refs = ix.accountKeyIndexes.map((i) => accounts[i] ?? refuse('malformed_transaction', `instruction ${position} names a missing account`));
    return { position, programId, accounts: refs, data: ix.data };
  });
  return {
    tx,
    feePayer,
    recentBlockhash: message.recentBlockhash,
    requiredSigners: keys.slice(0, message.header.numRequiredSignatures),
    instructions,
    accounts,
  };
}
