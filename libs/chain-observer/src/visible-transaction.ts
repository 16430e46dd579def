import { PublicKey, type VersionedTransactionResponse } from '@solana/web3.js';
import bs58 from 'bs58';

/** One instruction as a chain observer reads it: the program it calls and its raw data. */
export interface VisibleInstruction {
  readonly programId: PublicKey;
  readonly data: Uint8Array;
  /** True for an inner (CPI) instruction. */
  readonly inner: boolean;
}

/** What a chain observer sees of one transaction: its accounts, instructions, logs and slot. */
export interface VisibleTransaction {
  readonly slot: number;
  readonly accountKeys: readonly PublicKey[];
  readonly instructions: readonly VisibleInstruction[];
  /** Every instruction's data, top-level and inner. */
  readonly instructionData: readonly Uint8Array[];
  readonly logs: readonly string[];
}

/** The addresses that identify one party on the base chain: its wallet and its token account(s). */
export type PartyAddresses = readonly PublicKey[];

/** Whether `needle` occurs in `haystack` as a run of bytes. */
export function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i += 1) {
    for (let j = 0; j < needle.length; j += 1) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Whether `tx` names any of `party`'s addresses: as an account, inside instruction data, or in a log line. */
export function namesParty(tx: VisibleTransaction, party: PartyAddresses): boolean {
  return party.some((address) => {
    const bytes = address.toBytes();
    const text = address.toBase58();
    return (
      tx.accountKeys.some((k) => k.equals(address)) ||
      tx.instructionData.some((data) => containsBytes(data, bytes)) ||
      tx.logs.some((line) => line.includes(text))
    );
  });
}

/**
 * The parts of a fetched transaction a chain observer can read, inner (CPI) instructions included:
 * only what any public RPC's `getTransaction` returns.
 *
 * @example
 * const tx = await connection.getTransaction(sig, { maxSupportedTransactionVersion: 0 });
 * if (tx && namesParty(visibleParts(tx), [agent]) && namesParty(visibleParts(tx), [merchant])) console.log('linked');
 */
export function visibleParts(tx: VersionedTransactionResponse): VisibleTransaction {
  const message = tx.transaction.message;
  const loaded = tx.meta?.loadedAddresses;
  const accountKeys = [...message.staticAccountKeys, ...(loaded?.writable ?? []), ...(loaded?.readonly ?? [])].map((k) => new PublicKey(k));
  const programAt = (index: number): PublicKey => accountKeys[index] ?? PublicKey.default;
  const instructions: VisibleInstruction[] = [
    ...message.compiledInstructions.map((ix) => ({ programId: programAt(ix.programIdIndex), data: ix.data, inner: false })),
    ...(tx.meta?.innerInstructions ?? []).flatMap((set) =>
      set.instructions.map((ix) => ({ programId: programAt(ix.programIdIndex), data: bs58.decode(ix.data), inner: true })),
    ),
  ];
  return { slot: tx.slot, accountKeys, instructions, instructionData: instructions.map((ix) => ix.data), logs: tx.meta?.logMessages ?? [] };
}
