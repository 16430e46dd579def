import { PublicKey, SystemProgram } from '@solana/web3.js';
import { ASSOCIATED_TOKEN_PROGRAM_ID, TOKEN_PROGRAM_ID, getAssociatedTokenAddressSync } from '@solana/spl-token';
import type { InstructionAccount } from '../emulation/types';
import type { MintAddresses } from './magicblock.pda';

/** Positions in the settlement's account list (PROTOCOLS.md §3); 9–11 are the delegation program's. */
export const SETTLE_ACC = {
  vault: 0,
  mint: 1,
  vaultToken: 2,
  destinationOwner: 3,
  destinationAta: 4,
  rent: 5,
  tokenProgram: 6,
  ataProgram: 7,
  systemProgram: 8,
  sourceProgram: 9,
  escrowAuthority: 10,
  escrowSigner: 11,
} as const;

export function settlementAccounts(programId: PublicKey, addrs: MintAddresses, destination: PublicKey, escrowSigner: PublicKey): InstructionAccount[] {
  const ro = (pubkey: PublicKey): InstructionAccount => ({ pubkey, isSigner: false, isWritable: false });
  const w = (pubkey: PublicKey): InstructionAccount => ({ pubkey, isSigner: false, isWritable: true });
  return [
    ro(addrs.vault),
    ro(addrs.mint),
    w(addrs.vaultToken),
    ro(destination),
    w(getAssociatedTokenAddressSync(addrs.mint, destination, true)),
    w(addrs.rent),
    ro(TOKEN_PROGRAM_ID),
    ro(ASSOCIATED_TOKEN_PROGRAM_ID),
    ro(SystemProgram.programId),
    ro(programId),
    // The queue PDA is written (the entry is consumed) and is how watchers find settlements.
    w(addrs.queue),
    { pubkey: escrowSigner, isSigner: true, isWritable: true },
  ];
}
