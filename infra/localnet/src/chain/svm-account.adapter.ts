import { PublicKey } from '@solana/web3.js';
import { Account } from 'litesvm/dist/internal';
import type { EmulatedAccount } from '../emulation/types';

/** Converts between LiteSVM's native Account and the emulators' EmulatedAccount. */
export function fromSvmAccount(a: Account): EmulatedAccount {
  return { lamports: a.lamports(), owner: new PublicKey(a.owner()), data: a.data(), executable: a.executable() };
}

export function toSvmAccount(a: EmulatedAccount): Account {
  return new Account(a.lamports, a.data, a.owner.toBytes(), a.executable, 0n);
}
