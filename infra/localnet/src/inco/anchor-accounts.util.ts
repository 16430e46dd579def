/**
 * Anchor's account validation, reproduced for the emulated handlers: the same checks in the same
 * order (deserialise every account, then run constraints field by field) so clients see the same
 * error numbers they would on devnet.
 */
import type { PublicKey } from '@solana/web3.js';
import type { InstructionAccount, InstructionContext } from '../emulation/types';
import { bytesEqual } from './anchor-discriminator.util';
import { SYSTEM_PROGRAM_ID } from './inco.config';
import type { IncoAccount, IncoMint } from './inco-account.layout';
import { decodeIncoAccount, decodeIncoMint } from './inco-account.layout';
import { INCO_ACCOUNT_DISCRIMINATOR, INCO_MINT_DISCRIMINATOR } from './inco-token.discriminators';
import type { AnchorErrorName, IncoErrorName } from './inco-token.errors';
import { failWith } from './inco-token.errors';

export class AnchorAccounts {
  constructor(
    private readonly ctx: InstructionContext,
    private readonly owningProgram: PublicKey,
  ) {}

  fail(name: IncoErrorName | AnchorErrorName, account?: string): never {
    return failWith((m) => this.ctx.log(m), name, account);
  }

  /** The instruction's `i`-th account (3005 when the client passed too few). */
  at(i: number): InstructionAccount {
    const meta = this.ctx.accounts[i];
    if (!meta) return this.fail('AccountNotEnoughKeys');
    return meta;
  }

  /** Accounts after the declared ones (`ctx.remaining_accounts`). */
  remaining(declared: number): InstructionAccount[] {
    return this.ctx.accounts.slice(declared);
  }

  signer(meta: InstructionAccount, name: string): InstructionAccount {
    if (!meta.isSigner) this.fail('AccountNotSigner', name);
    return meta;
  }

  mut(meta: InstructionAccount, name: string): void {
    if (!meta.isWritable) this.fail('ConstraintMut', name);
  }

  address(meta: InstructionAccount, expected: PublicKey, name: string): void {
    if (!meta.pubkey.equals(expected)) this.fail('ConstraintAddress', name);
  }

  systemProgram(meta: InstructionAccount, name = 'system_program'): void {
    if (meta.pubkey.toBase58() !== SYSTEM_PROGRAM_ID) this.fail('InvalidProgramId', name);
  }

  private data(meta: InstructionAccount, name: string, discriminator: Uint8Array): Uint8Array {
    const account = this.ctx.store.get(meta.pubkey);
    if (!account || (account.lamports === 0n && account.owner.toBase58() === SYSTEM_PROGRAM_ID)) {
      return this.fail('AccountNotInitialized', name);
    }
    if (!account.owner.equals(this.owningProgram)) return this.fail('AccountOwnedByWrongProgram', name);
    if (account.data.length < 8) return this.fail('AccountDiscriminatorNotFound', name);
    if (!bytesEqual(account.data.subarray(0, 8), discriminator)) return this.fail('AccountDiscriminatorMismatch', name);
    return account.data;
  }

  incoAccount(meta: InstructionAccount, name: string): IncoAccount {
    const data = this.data(meta, name, INCO_ACCOUNT_DISCRIMINATOR);
    try {
      return decodeIncoAccount(data);
    } catch {
      return this.fail('AccountDidNotDeserialize', name);
    }
  }

  incoMint(meta: InstructionAccount, name: string): IncoMint {
    const data = this.data(meta, name, INCO_MINT_DISCRIMINATOR);
    try {
      return decodeIncoMint(data);
    } catch {
      return this.fail('AccountDidNotDeserialize', name);
    }
  }

  require(condition: boolean, error: IncoErrorName): void {
    if (!condition) this.fail(error);
  }
}
