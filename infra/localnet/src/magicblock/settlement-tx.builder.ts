import { Transaction, TransactionInstruction, type Keypair, type PublicKey } from '@solana/web3.js';
import { encodeExecuteScheduled, encodeSettlement, SETTLEMENT_FLAG_CLIENT_REF } from './instruction.codec';
import type { MintAddresses } from './magicblock.pda';
import type { QueueEntry } from './queue-account.codec';
import type { SealedEntryPlain } from './sealed-entry.codec';
import { settlementAccounts } from './settlement-accounts';

export interface SettlementParams {
  programId: PublicKey;
  delegationProgramId: PublicKey;
  addrs: MintAddresses;
  entry: QueueEntry;
  plain: SealedEntryPlain;
  crank: Keypair;
  recentBlockhash: string;
}

/** The base-chain settlement the crank sends for one ready entry, signed by the crank (fee payer). */
export function buildSettlementTx(p: SettlementParams): Transaction {
  const inner = encodeSettlement({
    escrowIndex: p.entry.partIndex,
    amount: p.entry.amount,
    flags: SETTLEMENT_FLAG_CLIENT_REF,
    clientRefId: p.plain.clientRefId,
  });
  const keys = settlementAccounts(p.programId, p.addrs, p.plain.destination, p.crank.publicKey);
  const tx = new Transaction({ feePayer: p.crank.publicKey, recentBlockhash: p.recentBlockhash });
  tx.add(
    new TransactionInstruction({
      programId: p.delegationProgramId,
      keys,
      data: Buffer.from(encodeExecuteScheduled({ entryId: p.entry.id, inner })),
    }),
  );
  tx.sign(p.crank);
  return tx;
}
