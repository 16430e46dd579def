import { getAssociatedTokenAddressSync } from '@solana/spl-token';
import { ProgramError, type InstructionContext } from '../emulation/types';
import { MB_ERR } from './magicblock.config';
import { accountAt, expectKey, expectSigner, expectWritable } from './account-checks.util';
import { decodeExecuteScheduled, decodeSettlement } from './instruction.codec';
import { mintAddresses } from './magicblock.pda';
import type { MagicBlockRuntime } from './magicblock.runtime';
import { decodeQueueState, encodeQueueState } from './queue-account.codec';
import { SETTLE_ACC } from './settlement-accounts';
import { invokeCreateAtaIfMissing, invokePdaTransferChecked, readMintDecimals } from './token-account.util';

/**
 * The delegation program's scheduled base-chain action: it invokes SPLxh1's
 * ExecuteReadyQueuedTransfer, which pays one ready queue entry from the vault to the recipient's
 * ATA (created from the rent PDA when missing) and consumes the entry.
 */
export function executeScheduled(rt: MagicBlockRuntime, ctx: InstructionContext): void {
  const top = decodeExecuteScheduled(ctx.data);
  const settle = top ? decodeSettlement(top.inner) : null;
  if (!top || !settle) throw new ProgramError(MB_ERR.invalidInstruction, 'malformed scheduled action');
  const acc = (i: number, what: string) => accountAt(ctx.accounts, i, what);

  const signer = acc(SETTLE_ACC.escrowSigner, 'escrow signer');
  expectSigner(signer, 'escrow signer');
  expectKey(signer, rt.crank.publicKey, 'escrow signer');
  expectKey(acc(SETTLE_ACC.sourceProgram, 'source program'), rt.programId, 'source program');

  const queueAcc = acc(SETTLE_ACC.escrowAuthority, 'escrow authority');
  expectWritable(queueAcc, 'escrow authority');
  const queueAccount = ctx.store.get(queueAcc.pubkey);
  const queue = queueAccount?.owner.equals(rt.programId) ? decodeQueueState(queueAccount.data) : null;
  if (!queueAccount || !queue) throw new ProgramError(MB_ERR.invalidAccounts, 'escrow authority is not a queue');
  const addrs = mintAddresses(rt.programId, queue.mint, queue.validator);
  expectKey(queueAcc, addrs.queue, 'queue');
  expectKey(acc(SETTLE_ACC.vault, 'vault'), addrs.vault, 'vault');
  expectKey(acc(SETTLE_ACC.mint, 'mint'), addrs.mint, 'mint');
  expectKey(acc(SETTLE_ACC.vaultToken, 'vault token account'), addrs.vaultToken, 'vault token account');
  expectKey(acc(SETTLE_ACC.rent, 'rent'), addrs.rent, 'rent');

  const entry = queue.entries.find((e) => e.id === top.entryId);
  if (!entry) throw new ProgramError(MB_ERR.unknownEntry, `no queue entry ${top.entryId}`);
  if (entry.readyAtMs > BigInt(rt.nowMs())) throw new ProgramError(MB_ERR.entryNotReady, `entry ${entry.id} not ready`);
  const plain = rt.sealer.open(entry.sealed);
  if (!plain) throw new ProgramError(MB_ERR.invalidSealedEntry, 'queue entry does not open');
  if (settle.amount !== entry.amount || settle.escrowIndex !== entry.partIndex || settle.clientRefId !== plain.clientRefId) {
    throw new ProgramError(MB_ERR.invalidInstruction, 'settlement data does not match the entry');
  }
  const owner = acc(SETTLE_ACC.destinationOwner, 'destination owner');
  expectKey(owner, plain.destination, 'destination owner');
  const ata = getAssociatedTokenAddressSync(addrs.mint, plain.destination, true);
  expectKey(acc(SETTLE_ACC.destinationAta, 'destination ATA'), ata, 'destination ATA');
  const decimals = readMintDecimals(ctx.store, addrs.mint);
  if (decimals === null) throw new ProgramError(MB_ERR.invalidAccounts, 'mint account missing');

  ctx.invoke({ programId: rt.programId, accounts: ctx.accounts.map((a) => ({ ...a })), data: top.inner }, (inner) => {
    // Devnet settlements open the frame with the instruction name; px402's subscriber requires
    // it (quietpay's parser does not). The real program only logs a non-zero id.
    inner.log('Instruction: ExecuteReadyQueuedTransfer');
    if (settle.clientRefId !== 0n) inner.log(`client_ref_id: ${settle.clientRefId}`);
    invokeCreateAtaIfMissing(inner, addrs.rent, ata, plain.destination, addrs.mint);
    invokePdaTransferChecked(inner, {
      source: addrs.vaultToken,
      destination: ata,
      mint: addrs.mint,
      authority: addrs.vault,
      amount: entry.amount,
      decimals,
    });
    const remaining = queue.entries.filter((e) => e.id !== entry.id);
    inner.store.set(queueAcc.pubkey, { ...queueAccount, data: encodeQueueState({ ...queue, entries: remaining }) });
  });
}
