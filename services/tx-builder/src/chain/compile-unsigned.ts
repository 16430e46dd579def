import { type PublicKey, type TransactionInstruction, TransactionMessage, VersionedTransaction } from '@solana/web3.js';

/** A legacy-format transaction with empty signature slots, ready for the signer. */
export function compileUnsigned(payer: PublicKey, recentBlockhash: string, instructions: TransactionInstruction[]): VersionedTransaction {
  return new VersionedTransaction(new TransactionMessage({ payerKey: payer, recentBlockhash, instructions }).compileToLegacyMessage());
}

export const toBase64 = (tx: VersionedTransaction): string => Buffer.from(tx.serialize()).toString('base64');
