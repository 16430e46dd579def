import type { PublicKey } from '@solana/web3.js';
import { TOKEN_PROGRAM_ID } from '@solana/spl-token';
import type { DecodedInstruction } from '../emulation/types';

const TRANSFER = 3;
const TRANSFER_CHECKED = 12;

/**
 * Tokens that `authority` moved into `destination` through top-level token-program instructions of
 * this transaction. LiteSVM already ran them for real (the emulators only run if it succeeded), so
 * an emulated instruction can rely on them as its funding, as the real program relies on its CPI.
 */
export function tokensFundedBy(instructions: DecodedInstruction[], authority: PublicKey, destination: PublicKey, mint: PublicKey): bigint {
  let total = 0n;
  for (const ix of instructions) {
    if (!ix.programId.equals(TOKEN_PROGRAM_ID) || ix.data.length < 9) continue;
    const data = Buffer.from(ix.data);
    const amount = data.readBigUInt64LE(1);
    if (data[0] === TRANSFER_CHECKED) {
      const [, ixMint, dest, auth] = ix.accounts;
      if (ixMint?.pubkey.equals(mint) && dest?.pubkey.equals(destination) && auth?.pubkey.equals(authority)) total += amount;
    } else if (data[0] === TRANSFER) {
      // Unchecked transfers carry no mint; the destination being the vault's token account pins it.
      const [, dest, auth] = ix.accounts;
      if (dest?.pubkey.equals(destination) && auth?.pubkey.equals(authority)) total += amount;
    }
  }
  return total;
}
