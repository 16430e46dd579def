import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LAMPORTS_PER_SOL, Transaction, type PublicKey } from '@solana/web3.js';
import { createAssociatedTokenAccountIdempotentInstruction } from '@solana/spl-token';
import type { LocalChain } from '../emulation/types';
import type { MintAddresses } from './magicblock.pda';
import type { MagicBlockRuntime } from './magicblock.runtime';
import { decodeQueueState, encodeQueueState } from './queue-account.codec';
import { EntrySealer } from './sealed-entry.codec';

/** Funds the rent PDA holds for destination ATAs; topped up by each transfer's setup lamports. */
const RENT_PDA_SEED_LAMPORTS = 10n * BigInt(LAMPORTS_PER_SOL);
const QUEUE_LAMPORTS = BigInt(LAMPORTS_PER_SOL) / 100n;
export const CRANK_AIRDROP_LAMPORTS = 100n * BigInt(LAMPORTS_PER_SOL);

/**
 * The seal key must outlive a restart when the chain is persisted, or queued entries could never
 * be opened again; with no state directory it lives in memory only.
 */
export async function loadOrCreateSealer(stateDir: string): Promise<EntrySealer> {
  if (!stateDir) return new EntrySealer(EntrySealer.generateKey());
  const dir = join(stateDir, 'magicblock');
  const file = join(dir, 'seal.key');
  try {
    return new EntrySealer(new Uint8Array(await readFile(file)));
  } catch (err: unknown) {
    if ((err as { code?: unknown }).code !== 'ENOENT') throw err;
  }
  const key = EntrySealer.generateKey();
  await mkdir(dir, { recursive: true });
  await writeFile(file, key, { mode: 0o600 });
  return new EntrySealer(key);
}

/** Vault token account (a real ATA, created by a real transaction), rent PDA and empty queue. */
export async function setUpMint(rt: MagicBlockRuntime, chain: LocalChain, addrs: MintAddresses, payer: PublicKey): Promise<void> {
  if (!chain.getAccount(addrs.rent)) {
    chain.setAccount(addrs.rent, { lamports: RENT_PDA_SEED_LAMPORTS, owner: rt.programId, data: new Uint8Array(0), executable: false });
  }
  if (!chain.getAccount(addrs.vaultToken)) {
    const tx = new Transaction({ feePayer: payer, ...chain.latestBlockhash() }).add(
      createAssociatedTokenAccountIdempotentInstruction(payer, addrs.vaultToken, addrs.vault, addrs.mint),
    );
    tx.sign(rt.crank);
    await chain.sendTransaction(tx);
  }
  const queue = chain.getAccount(addrs.queue);
  if (!queue || !decodeQueueState(queue.data)) {
    const data = encodeQueueState({ mint: addrs.mint, validator: addrs.validator, nextEntryId: 1n, entries: [] });
    chain.setAccount(addrs.queue, { lamports: QUEUE_LAMPORTS, owner: rt.programId, data, executable: false });
  }
}
