import type { PublicKey } from '@solana/web3.js';
import type { InstructionContext } from '../emulation/types';
import { AnchorAccounts } from './anchor-accounts.util';
import { anchorDecodeIncoTokenInstruction } from './anchor-inco.coder';
import type { IncoAccount, IncoMint } from './inco-account.layout';
import { encodeIncoAccount, encodeIncoMint } from './inco-account.layout';
import type { IncoLightningRuntime } from './inco-lightning.runtime';

/** What every IncoToken handler needs besides its instruction context. */
export interface IncoTokenDeps {
  readonly programId: PublicKey;
  readonly lightning: IncoLightningRuntime;
}

export type IncoTokenHandler = (ctx: InstructionContext, deps: IncoTokenDeps) => void;

/** The instruction's arguments as the IncoToken IDL decodes them. */
export type IdlArgs = Readonly<Record<string, unknown>>;

/** Decodes the args with Anchor's coder over the IncoToken IDL; short or malformed data is Anchor's 102. */
export function readArgs<T>(ctx: InstructionContext, accounts: AnchorAccounts, read: (args: IdlArgs) => T): T {
  const decoded = anchorDecodeIncoTokenInstruction(ctx.data);
  if (!decoded) return accounts.fail('InstructionDidNotDeserialize');
  return read(decoded.args);
}

/** `ciphertext: bytes, input_type: u8`, the args of every amount-carrying instruction. */
export function readCiphertextArgs(args: IdlArgs): { ciphertext: Uint8Array; inputType: number } {
  return { ciphertext: args['ciphertext'] as Uint8Array, inputType: args['input_type'] as number };
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
