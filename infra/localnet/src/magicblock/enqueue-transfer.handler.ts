import { ProgramError, type InstructionContext } from '../emulation/types';
import { MB_ERR } from './magicblock.config';
import { accountAt, expectKey, expectSigner, expectWritable } from './account-checks.util';
import { tokensFundedBy } from './funding.util';
import { decodeEnqueue } from './instruction.codec';
import { mintAddresses } from './magicblock.pda';
import type { MagicBlockRuntime } from './magicblock.runtime';
import { decodeQueueState, encodeQueueState, type QueueEntry } from './queue-account.codec';
import { pickReadyAtMs, splitAmount } from './queue-entry.policy';
import { requiredVaultFunding } from './vault-funding.util';

export const MAX_SPLIT = 15;

/**
 * Records a sealed private transfer in the queue, one entry per split part, each with its own
 * delay. Accounts: 0 sender (signer), 1 queue (w), 2 vault PDA, 3 vault token account, 4 mint.
 * The sender's TransferChecked into the vault in the same transaction is the funding.
 */
export function enqueueTransfer(rt: MagicBlockRuntime, ctx: InstructionContext): void {
  const data = decodeEnqueue(ctx.data);
  if (!data) throw new ProgramError(MB_ERR.invalidInstruction, 'malformed enqueue data');
  const sender = accountAt(ctx.accounts, 0, 'sender');
  const queueAcc = accountAt(ctx.accounts, 1, 'queue');
  const mint = accountAt(ctx.accounts, 4, 'mint').pubkey;
  expectSigner(sender, 'sender');
  expectWritable(queueAcc, 'queue');

  const queueAccount = ctx.store.get(queueAcc.pubkey);
  const queue = queueAccount?.owner.equals(rt.programId) ? decodeQueueState(queueAccount.data) : null;
  if (!queueAccount || !queue) throw new ProgramError(MB_ERR.invalidAccounts, 'queue not initialized');
  if (!queue.mint.equals(mint)) throw new ProgramError(MB_ERR.mintMismatch, 'queue is for another mint');
  const addrs = mintAddresses(rt.programId, mint, queue.validator);
  expectKey(queueAcc, addrs.queue, 'queue');
  expectKey(accountAt(ctx.accounts, 2, 'vault'), addrs.vault, 'vault');
  expectKey(accountAt(ctx.accounts, 3, 'vault token account'), addrs.vaultToken, 'vault token account');

  if (data.split < 1 || data.split > MAX_SPLIT || data.amount < BigInt(data.split)) {
    throw new ProgramError(MB_ERR.invalidInstruction, 'split must be 1-15 and not exceed the amount');
  }
  if (data.minDelayMs > data.maxDelayMs || data.maxDelayMs > BigInt(rt.config.maxDelayMs)) {
    throw new ProgramError(MB_ERR.invalidInstruction, 'invalid delay range');
  }
  const plain = rt.sealer.open(data.sealed);
  if (!plain) throw new ProgramError(MB_ERR.invalidSealedEntry, 'sealed entry does not open');

  const required = requiredVaultFunding(ctx.instructions, rt.programId, sender.pubkey, rt.config.feeBps);
  const funded = tokensFundedBy(ctx.instructions, sender.pubkey, addrs.vaultToken, mint);
  if (funded < required) throw new ProgramError(MB_ERR.missingFunding, `vault funded ${funded}, needs ${required}`);

  const now = BigInt(rt.nowMs());
  let nextId = queue.nextEntryId;
  const parts: QueueEntry[] = splitAmount(data.amount, data.split).map((amount, partIndex) => ({
    id: nextId++,
    readyAtMs: pickReadyAtMs(now, data.minDelayMs, data.maxDelayMs, rt.random),
    amount,
    partIndex,
    // Fresh nonce per part so parts of one transfer are not linkable by their ciphertext.
    sealed: rt.sealer.seal(plain),
  }));
  const next = { ...queue, nextEntryId: nextId, entries: [...queue.entries, ...parts] };
  ctx.store.set(queueAcc.pubkey, { ...queueAccount, data: encodeQueueState(next) });
}
