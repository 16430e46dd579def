import type { PublicKey } from '@solana/web3.js';
import type { InstructionContext } from '../emulation/types';
import { AnchorAccounts } from './anchor-accounts.util';
import { BorshDecodeError, BorshReader } from './borsh.codec';
import type { IncoAccount, IncoMint } from './inco-account.layout';
import { encodeIncoAccount, encodeIncoMint } from './inco-account.layout';
import type { IncoLightningRuntime } from './inco-lightning.runtime';

/** What every IncoToken handler needs besides its instruction context. */
export interface IncoTokenDeps {
  readonly programId: PublicKey;
  readonly lightning: IncoLightningRuntime;
}

export type IncoTokenHandler = (ctx: InstructionContext, deps: IncoTokenDeps) => void;

/** Decodes Borsh args after the discriminator; short or malformed data is Anchor's 102. */
export function readArgs<T>(ctx: InstructionContext, accounts: AnchorAccounts, read: (r: BorshReader) => T): T {
  try {
    return read(new BorshReader(ctx.data, 8));
  } catch (e) {
    if (e instanceof BorshDecodeError || e instanceof RangeError) return accounts.fail('InstructionDidNotDeserialize');
    throw e;
  }
}

/** `ciphertext: Vec<u8>, input_type: u8`, the args of every amount-carrying instruction. */
export function readCiphertextArgs(r: BorshReader): { ciphertext: Uint8Array; inputType: number } {
  const ciphertext = r.bytesVec();
  return { ciphertext, inputType: r.u8() };
}

export function anchorAccounts(ctx: InstructionContext, deps: IncoTokenDeps): AnchorAccounts {
  return new AnchorAccounts(ctx, deps.programId);
}

/** Writes an account's new state in place (lamports and owner are unchanged). */
export function saveIncoAccount(ctx: InstructionContext, address: PublicKey, account: IncoAccount): void {
  const current = ctx.store.get(address);
  if (!current) throw new Error(`saveIncoAccount: ${address.toBase58()} vanished`);
  ctx.store.set(address, { ...current, data: encodeIncoAccount(account) });
}

export function saveIncoMint(ctx: InstructionContext, address: PublicKey, mint: IncoMint): void {
  const current = ctx.store.get(address);
  if (!current) throw new Error(`saveIncoMint: ${address.toBase58()} vanished`);
  ctx.store.set(address, { ...current, data: encodeIncoMint(mint) });
}
