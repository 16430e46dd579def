import type { PublicKey } from '@solana/web3.js';
import type { DecodedInstruction } from '../emulation/types';
import { SPL_IX } from './magicblock.config';
import { decodeAmountIx, decodeEnqueue } from './instruction.codec';
import { tokenFee } from './queue-entry.policy';

/**
 * Tokens `owner` must move into the vault in this transaction: every enqueue (amount + fee) and
 * deposit it signs. Summing over the whole transaction stops one transfer funding two entries.
 */
export function requiredVaultFunding(instructions: DecodedInstruction[], programId: PublicKey, owner: PublicKey, feeBps: number): bigint {
  let total = 0n;
  for (const ix of instructions) {
    if (!ix.programId.equals(programId) || !ix.accounts[0]?.pubkey.equals(owner)) continue;
    if (ix.data[0] === SPL_IX.enqueuePrivateTransfer) {
      const d = decodeEnqueue(ix.data);
      if (d) total += d.amount + tokenFee(d.amount, feeBps);
    } else if (ix.data[0] === SPL_IX.deposit) {
      const d = decodeAmountIx(ix.data);
      if (d) total += d.amount;
    }
  }
  return total;
}
