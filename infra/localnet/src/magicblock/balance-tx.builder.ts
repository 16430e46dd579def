import { Transaction, TransactionInstruction, type PublicKey } from '@solana/web3.js';
import {
  TOKEN_PROGRAM_ID,
  createAssociatedTokenAccountIdempotentInstruction,
  createTransferCheckedInstruction,
  getAssociatedTokenAddressSync,
} from '@solana/spl-token';
import { SPL_IX } from './magicblock.config';
import { encodeAmountIx } from './instruction.codec';
import { ephemeralAtaPda, type MintAddresses } from './magicblock.pda';

export interface BalanceTxParams {
  programId: PublicKey;
  addrs: MintAddresses;
  owner: PublicKey;
  amount: bigint;
  decimals: number;
  recentBlockhash: string;
}

/** Unsigned deposit: the owner's ATA → vault (real SPL transfer), credited to the ephemeral balance. */
export function buildDepositTx(p: BalanceTxParams): Transaction {
  const source = getAssociatedTokenAddressSync(p.addrs.mint, p.owner, true);
  return new Transaction({ feePayer: p.owner, recentBlockhash: p.recentBlockhash })
    .add(createTransferCheckedInstruction(source, p.addrs.mint, p.addrs.vaultToken, p.owner, p.amount, p.decimals))
    .add(
      new TransactionInstruction({
        programId: p.programId,
        keys: [
          { pubkey: p.owner, isSigner: true, isWritable: true },
          { pubkey: ephemeralAtaPda(p.programId, p.owner, p.addrs.mint), isSigner: false, isWritable: true },
          { pubkey: p.addrs.vault, isSigner: false, isWritable: false },
          { pubkey: p.addrs.vaultToken, isSigner: false, isWritable: false },
          { pubkey: p.addrs.mint, isSigner: false, isWritable: false },
          { pubkey: p.addrs.rent, isSigner: false, isWritable: true },
        ],
        data: Buffer.from(encodeAmountIx(SPL_IX.deposit, p.amount)),
      }),
    );
}

/** Unsigned withdraw: ephemeral balance → the owner's ATA (created idempotently first). */
export function buildWithdrawTx(p: BalanceTxParams): Transaction {
  const target = getAssociatedTokenAddressSync(p.addrs.mint, p.owner, true);
  return new Transaction({ feePayer: p.owner, recentBlockhash: p.recentBlockhash })
    .add(createAssociatedTokenAccountIdempotentInstruction(p.owner, target, p.owner, p.addrs.mint))
    .add(
      new TransactionInstruction({
        programId: p.programId,
        keys: [
          { pubkey: p.owner, isSigner: true, isWritable: true },
          { pubkey: ephemeralAtaPda(p.programId, p.owner, p.addrs.mint), isSigner: false, isWritable: true },
          { pubkey: p.addrs.vault, isSigner: false, isWritable: false },
          { pubkey: p.addrs.vaultToken, isSigner: false, isWritable: true },
          { pubkey: target, isSigner: false, isWritable: true },
          { pubkey: p.addrs.mint, isSigner: false, isWritable: false },
          { pubkey: TOKEN_PROGRAM_ID, isSigner: false, isWritable: false },
        ],
        data: Buffer.from(encodeAmountIx(SPL_IX.withdraw, p.amount)),
      }),
    );
}
