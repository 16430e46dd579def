import { PublicKey, type VersionedTransactionResponse } from '@solana/web3.js';
import bs58 from 'bs58';

/** What a chain observer sees of one transaction: its accounts, instruction data and logs. */
export interface VisibleTransaction {
  readonly accountKeys: readonly PublicKey[];
  readonly instructionData: readonly Uint8Array[];
  readonly logs: readonly string[];
}

/** The addresses that identify one party on the base chain: its wallet and its token account(s). */
export type PartyAddresses = readonly PublicKey[];

function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
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
 * The parts of a fetched transaction a chain observer can read, inner (CPI) instructions included.
 *
 * @example
 * const tx = await connection.getTransaction(sig, { maxSupportedTransactionVersion: 0 });
 * if (tx && namesParty(visibleParts(tx), [agent]) && namesParty(visibleParts(tx), [merchant])) console.log('linked');
 */
export function visibleParts(tx: VersionedTransactionResponse): VisibleTransaction {
  const message = tx.transaction.message;
  const loaded = tx.meta?.loadedAddresses;
  const inner = (tx.meta?.innerInstructions ?? []).flatMap((set) => set.instructions.map((ix) => bs58.decode(ix.data)));
  return {
    accountKeys: [...message.staticAccountKeys, ...(loaded?.writable ?? []), ...(loaded?.readonly ?? [])].map((k) => new PublicKey(k)),
    instructionData: [...message.compiledInstructions.map((ix) => ix.data), ...inner],
    logs: tx.meta?.logMessages ?? [],
  };
}
