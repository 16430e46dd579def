import { decodeIncoTokenInstruction } from '@quietpay/solana';
import type { PublicKey } from '@solana/web3.js';
import type { VisibleTransaction } from './visible-transaction';

/** One encrypted amount as a chain observer sees it: which IncoToken instruction carried it, and its size. */
export interface CiphertextSighting {
  /** The instruction's IDL name (public): `approve_checked`, `transfer`, ... */
  readonly instruction: string;
  readonly ciphertextBytes: number;
  readonly dataBytes: number;
}

/**
 * Every IncoToken instruction of `tx` that carries a ciphertext, decoded with the program's public
 * IDL. ECIES keeps the plaintext's length, so if amounts were encrypted as unpadded decimal
 * strings the ciphertext length would tell their digit count (docs/privacy.md).
 *
 * @example
 * lengthsByInstruction(txs.flatMap((tx) => incoCiphertexts(tx, incoTokenProgram))); // { approve_checked: [152], transfer: [152] }
 */
export function incoCiphertexts(tx: VisibleTransaction, incoTokenProgram: PublicKey): CiphertextSighting[] {
  return tx.instructions.flatMap((ix) => {
    if (!ix.programId.equals(incoTokenProgram)) return [];
    const decoded = decodeIncoTokenInstruction(ix.data);
    const ciphertext = decoded?.args['ciphertext'];
    return decoded && ciphertext instanceof Uint8Array ? [{ instruction: decoded.name, ciphertextBytes: ciphertext.length, dataBytes: ix.data.length }] : [];
  });
}

/** Per instruction name, the distinct ciphertext lengths seen (ascending): one each means the length says nothing. */
export function lengthsByInstruction(sightings: readonly CiphertextSighting[]): Record<string, number[]> {
  const lengths: Record<string, number[]> = {};
  for (const s of sightings) {
    const seen = (lengths[s.instruction] ??= []);
    if (!seen.includes(s.ciphertextBytes)) seen.push(s.ciphertextBytes);
  }
  for (const seen of Object.values(lengths)) seen.sort((a, b) => a - b);
  return lengths;
}
