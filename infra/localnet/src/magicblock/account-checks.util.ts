import type { PublicKey } from '@solana/web3.js';
import { ProgramError, type InstructionAccount } from '../emulation/types';
import { MB_ERR } from './magicblock.config';

/** The account at `index`, or InvalidAccounts: emulated handlers never trust the account list. */
export function accountAt(accounts: readonly InstructionAccount[], index: number, what: string): InstructionAccount {
  const account = accounts[index];
  if (!account) throw new ProgramError(MB_ERR.invalidAccounts, `missing account ${index} (${what})`);
  return account;
}

export function expectKey(account: InstructionAccount, expected: PublicKey, what: string): void {
  if (!account.pubkey.equals(expected)) {
    throw new ProgramError(MB_ERR.invalidAccounts, `${what}: expected ${expected.toBase58()}, got ${account.pubkey.toBase58()}`);
  }
}

export function expectSigner(account: InstructionAccount, what: string): void {
  if (!account.isSigner) throw new ProgramError(MB_ERR.unauthorized, `${what} must sign`);
}

export function expectWritable(account: InstructionAccount, what: string): void {
  if (!account.isWritable) throw new ProgramError(MB_ERR.invalidAccounts, `${what} must be writable`);
}
