import type { AddressLike } from '../../address/address';
import { decodeIdlAccount, encodeBorshFields, encodeIdlInstruction, type BorshIdl, type KeyFactory } from './idl-borsh.codec';
import { INCO_LIGHTNING_IDL, type IncoLightningInstructionName } from './inco-lightning.idl';
import { INCO_TOKEN_IDL, type IncoTokenInstructionName } from './inco-token.idl';

/*
 * The Borsh coder over the Inco IDLs (idl-borsh.codec.ts): the only encoder of IncoToken / Inco
 * Lightning instruction data and IncoToken accounts in libs/solana. The localnet emulator reads and
 * writes the same IDLs with Anchor's BorshCoder instead (infra/localnet anchor-inco.coder.ts), so a
 * bug here shows up against an independent implementation in every localnet test. Encoding needs no web3.js (keys are any
 * `AddressLike`), so the browser SDK uses this module; decoders that hand back web3.js `PublicKey`s
 * are in inco.decoders.ts.
 */
const TOKEN_IDL = INCO_TOKEN_IDL as unknown as BorshIdl;
const LIGHTNING_IDL = INCO_LIGHTNING_IDL as unknown as BorshIdl;

/** A value of an IDL argument or field: integers as bigint, keys as PublicKey (any AddressLike), `option` as null. */
export type IdlValue = bigint | number | boolean | AddressLike | Uint8Array | null | { readonly [variant: string]: Record<string, never> };

/**
 * IncoToken instruction data: the 8-byte discriminator and the Borsh arguments, from the IDL.
 *
 * @example
 * encodeIncoTokenInstruction('transfer', { ciphertext, input_type: 0 });
 */
export function encodeIncoTokenInstruction(name: IncoTokenInstructionName, args: Readonly<Record<string, IdlValue>>): Uint8Array {
  return encodeIdlInstruction(TOKEN_IDL, name, args);
}

/** Inco Lightning instruction data (the calls IncoToken makes), from the IDL. */
export function encodeIncoLightningInstruction(name: IncoLightningInstructionName, args: Readonly<Record<string, IdlValue>>): Uint8Array {
  return encodeIdlInstruction(LIGHTNING_IDL, name, args);
}

/** An account of an instruction with its flags, whatever the key type (web3.js `PublicKey`, `Address`). */
export interface IdlAccountMeta<K> {
  readonly pubkey: K;
  readonly isWritable: boolean;
  readonly isSigner: boolean;
}

/**
 * The instruction's named accounts in the IDL's order with its writable/signer flags; the caller
 * appends remaining accounts (allowance grants). Throws when an IDL account is missing.
 *
 * @example
 * incoTokenAccountMetas('revoke', { source, owner, inco_lightning_program: ids.incoLightning });
 */
export function incoTokenAccountMetas<K>(
  name: IncoTokenInstructionName,
  accounts: Readonly<Record<string, K>>,
): { pubkey: K; isWritable: boolean; isSigner: boolean }[] {
  const ix = INCO_TOKEN_IDL.instructions.find((i) => i.name === name);
  if (!ix) throw new RangeError(`IncoToken IDL has no instruction ${name}`);
  return ix.accounts.map((a) => {
    const pubkey = accounts[a.name];
    if (!pubkey) throw new RangeError(`${name}: account ${a.name} is required`);
    return { pubkey, isWritable: 'writable' in a && a.writable, isSigner: 'signer' in a && a.signer };
  });
}

/** The IncoToken account types the IDL describes. */
export type IncoTokenAccountName = (typeof INCO_TOKEN_IDL.accounts)[number]['name'];

/**
 * An IncoToken account's fields (discriminator checked; trailing padding ignored), keys made by
 * `makeKey`. Throws RangeError on another account type or truncated data.
 *
 * @example
 * const { amount } = decodeIncoTokenAccountWith('IncoAccount', data, (b) => b);
 */
export function decodeIncoTokenAccountWith<K>(name: IncoTokenAccountName, data: Uint8Array, makeKey: KeyFactory<K>): Record<string, unknown> {
  return decodeIdlAccount(TOKEN_IDL, name, data, makeKey);
}

/**
 * Encodes an IncoToken account (discriminator + fields), zero-padded to `size` (the program
 * allocates accounts at full size whatever their options hold). Tests write account data with it;
 * the emulator writes its own with Anchor's coder.
 *
 * @example
 * const data = encodeIncoTokenAccount('IncoAccount', { mint, owner, amount: 0n, delegate: null, state: { Initialized: {} },
 *   is_native: null, delegated_amount: 0n, close_authority: null }, 221);
 */
export function encodeIncoTokenAccount(name: IncoTokenAccountName, fields: Readonly<Record<string, IdlValue>>, size: number): Uint8Array {
  const def = TOKEN_IDL.types?.find((t) => t.name === name);
  if (!def || def.type.kind !== 'struct') throw new RangeError(`IncoToken IDL has no account type ${name}`);
  const body = encodeBorshFields(TOKEN_IDL, def.type.fields, fields);
  const discriminator = incoTokenAccountDiscriminator(name);
  if (discriminator.length + body.length > size) throw new RangeError(`${name} needs ${discriminator.length + body.length} bytes, ${size} allocated`);
  const out = new Uint8Array(size);
  out.set(discriminator, 0);
  out.set(body, discriminator.length);
  return out;
}

/** The 8-byte discriminator of an IncoToken account type, from the IDL. */
export function incoTokenAccountDiscriminator(name: IncoTokenAccountName): Uint8Array {
  const account = INCO_TOKEN_IDL.accounts.find((a) => a.name === name);
  if (!account) throw new RangeError(`IncoToken IDL has no account ${name}`);
  return Uint8Array.from(account.discriminator);
}
