import { SystemProgram, Transaction, TransactionInstruction, type PublicKey } from '@solana/web3.js';
import { createTransferCheckedInstruction, getAssociatedTokenAddressSync } from '@solana/spl-token';
import { encodeEnqueue } from './instruction.codec';
import type { MintAddresses } from './magicblock.pda';
import type { EntrySealer } from './sealed-entry.codec';

export interface TransferTxParams {
  programId: PublicKey;
  addrs: MintAddresses;
  from: PublicKey;
  to: PublicKey;
  amount: bigint;
  feeTokens: bigint;
  feeLamports: bigint;
  decimals: number;
  clientRefId: bigint;
  split: number;
  minDelayMs: number;
  maxDelayMs: number;
  sealer: EntrySealer;
  recentBlockhash: string;
}

/**
 * The unsigned base-chain transaction of a private transfer: setup lamports to the rent PDA, the
 * agent's TransferChecked (amount + fee) into the vault, and the SPLxh1 enqueue carrying the sealed
 * destination. The recipient is in none of its accounts: only the crank's settlement names it.
 */
export function buildTransferTx(p: TransferTxParams): Transaction {
  const tx = new Transaction({ feePayer: p.from, recentBlockhash: p.recentBlockhash });
  if (p.feeLamports > 0n) {
    tx.add(SystemProgram.transfer({ fromPubkey: p.from, toPubkey: p.addrs.rent, lamports: p.feeLamports }));
  }
  const source = getAssociatedTokenAddressSync(p.addrs.mint, p.from, true);
  tx.add(createTransferCheckedInstruction(source, p.addrs.mint, p.addrs.vaultToken, p.from, p.amount + p.feeTokens, p.decimals));
  const data = encodeEnqueue({
    split: p.split,
    amount: p.amount,
    minDelayMs: BigInt(p.minDelayMs),
    maxDelayMs: BigInt(p.maxDelayMs),
    sealed: p.sealer.seal({ destination: p.to, clientRefId: p.clientRefId }),
  });
  tx.add(
    new TransactionInstruction({
      programId: p.programId,
      keys: [
        { pubkey: p.from, isSigner: true, isWritable: true },
        { pubkey: p.addrs.queue, isSigner: false, isWritable: true },
        { pubkey: p.addrs.vault, isSigner: false, isWritable: false },
        { pubkey: p.addrs.vaultToken, isSigner: false, isWritable: false },
        { pubkey: p.addrs.mint, isSigner: false, isWritable: false },
      ],
      data: Buffer.from(data),
    }),
  );
  return tx;
}
