import { PublicKey } from '@solana/web3.js';
import { getAssociatedTokenAddressSync } from '@solana/spl-token';

/** PDAs of the private-payments program (PROTOCOLS.md §3). */
export function transferQueuePda(programId: PublicKey, mint: PublicKey, validator: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([Buffer.from('queue'), mint.toBuffer(), validator.toBuffer()], programId)[0];
}

/** The per-mint vault PDA: authority of the vault token account, signer of settlements. */
export function vaultPda(programId: PublicKey, mint: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([mint.toBuffer()], programId)[0];
}

export function ephemeralAtaPda(programId: PublicKey, owner: PublicKey, mint: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([owner.toBuffer(), mint.toBuffer()], programId)[0];
}

/**
 * Pays rent for destination ATAs the settlement creates. The real seed is not documented;
 * "rent" is this stand-in's choice, and clients never derive it (it only appears in settlements).
 */
export function rentPda(programId: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([Buffer.from('rent')], programId)[0];
}

/** The vault's SPL token account: the vault PDA's ATA (off-curve owner). */
export function vaultTokenAccount(programId: PublicKey, mint: PublicKey): PublicKey {
  return getAssociatedTokenAddressSync(mint, vaultPda(programId, mint), true);
}

/** Every address a (program, mint, validator) triple uses, derived once. */
export interface MintAddresses {
  mint: PublicKey;
  validator: PublicKey;
  queue: PublicKey;
  vault: PublicKey;
  vaultToken: PublicKey;
  rent: PublicKey;
}

export function mintAddresses(programId: PublicKey, mint: PublicKey, validator: PublicKey): MintAddresses {
  return {
    mint,
    validator,
    queue: transferQueuePda(programId, mint, validator),
    vault: vaultPda(programId, mint),
    vaultToken: vaultTokenAccount(programId, mint),
    rent: rentPda(programId),
  };
}
