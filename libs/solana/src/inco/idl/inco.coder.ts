import { BorshCoder, type Idl } from '@coral-xyz/anchor';
// BN straight from bn.js, not anchor's re-export: Node's ESM loader cannot see `BN` among the
// named exports of anchor's CommonJS build (the published ESM bundle failed to link on it).
import BN from 'bn.js';
import type { AccountMeta, PublicKey } from '@solana/web3.js';
import { INCO_LIGHTNING_IDL, type IncoLightningInstructionName } from './inco-lightning.idl';
import { INCO_TOKEN_IDL, type IncoTokenInstructionName } from './inco-token.idl';

/*
 * Anchor's Borsh coder over the Inco IDLs: the only encoder and decoder of IncoToken / Inco
 * Lightning instruction data and IncoToken accounts in libs/solana and in infra/localnet. The
 * IDLs are `as const` for their name types; Anchor's `Idl` type wants mutable arrays, hence the casts.
 */
const tokenCoder = new BorshCoder(INCO_TOKEN_IDL as unknown as Idl);
const lightningCoder = new BorshCoder(INCO_LIGHTNING_IDL as unknown as Idl);

/** A value of an IDL argument or field: integers as bigint, keys as PublicKey, `option` as null. */
export type IdlValue = bigint | number | boolean | PublicKey | Uint8Array | null | { readonly [variant: string]: Record<string, never> };

// Anchor's layouts take BN for u64/u128 and Buffer for bytes; quietpay speaks bigint and Uint8Array.
function toAnchor(value: IdlValue): unknown {
  if (typeof value === 'bigint') return new BN(value.toString());
  if (value instanceof Uint8Array) return Buffer.from(value);
  return value;
}

function fromAnchor(value: unknown): unknown {
  if (BN.isBN(value)) return BigInt(value.toString());
  if (Buffer.isBuffer(value)) return new Uint8Array(value);
  return value;
}

const mapValues = (record: Record<string, unknown>, f: (v: never) => unknown): Record<string, unknown> =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v as never)]));

/**
 * IncoToken instruction data: the 8-byte discriminator and the Borsh arguments, from the IDL.
 *
 * @example
 * encodeIncoTokenInstruction('transfer', { ciphertext, input_type: 0 });
 */
export function encodeIncoTokenInstruction(name: IncoTokenInstructionName, args: Readonly<Record<string, IdlValue>>): Uint8Array {
  return new Uint8Array(tokenCoder.instruction.encode(name, mapValues(args, toAnchor)));
}

/** Inco Lightning instruction data (the calls IncoToken makes), from the IDL. */
export function encodeIncoLightningInstruction(name: IncoLightningInstructionName, args: Readonly<Record<string, IdlValue>>): Uint8Array {
  return new Uint8Array(lightningCoder.instruction.encode(name, mapValues(args, toAnchor)));
}

/** A decoded instruction: its IDL name and arguments (integers as bigint, bytes as Uint8Array). */
export interface DecodedIncoInstruction<N extends string> {
  readonly name: N;
  readonly args: Readonly<Record<string, unknown>>;
}

/**
 * Decodes IncoToken instruction data; null for an unknown discriminator or arguments that do not
 * deserialize (the program answers those with Anchor 101 / 102).
 *
 * @example
 * const ix = decodeIncoTokenInstruction(data); // { name: 'transfer', args: { ciphertext, input_type: 0 } }
 */
export function decodeIncoTokenInstruction(data: Uint8Array): DecodedIncoInstruction<IncoTokenInstructionName> | null {
  return decodeWith(tokenCoder, data) as DecodedIncoInstruction<IncoTokenInstructionName> | null;
}

/** Decodes Inco Lightning instruction data; null when unknown or malformed. */
export function decodeIncoLightningInstruction(data: Uint8Array): DecodedIncoInstruction<IncoLightningInstructionName> | null {
  return decodeWith(lightningCoder, data) as DecodedIncoInstruction<IncoLightningInstructionName> | null;
}

function decodeWith(coder: BorshCoder, data: Uint8Array): DecodedIncoInstruction<string> | null {
  let decoded: { name: string; data: object } | null;
  try {
    decoded = coder.instruction.decode(Buffer.from(data));
  } catch {
    return null;
  }
  return decoded ? { name: decoded.name, args: mapValues(decoded.data as Record<string, unknown>, fromAnchor) } : null;
}

/**
 * The instruction's named accounts in the IDL's order with its writable/signer flags; the caller
 * appends remaining accounts (allowance grants). Throws when an IDL account is missing.
 *
 * @example
 * incoTokenAccountMetas('revoke', { source, owner, inco_lightning_program: ids.incoLightning });
 */
export function incoTokenAccountMetas(name: IncoTokenInstructionName, accounts: Readonly<Record<string, PublicKey>>): AccountMeta[] {
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
 * Decodes an IncoToken account (discriminator checked; trailing padding ignored), with the IDL's
 * field names. Throws on another account type or truncated data.
 *
 * @example
 * const fields = decodeIncoTokenAccount('IncoAccount', info.data); // { mint, owner, amount, delegate, ... }
 */
export function decodeIncoTokenAccount(name: IncoTokenAccountName, data: Uint8Array): Record<string, unknown> {
  return mapValues(tokenCoder.accounts.decode(name, Buffer.from(data)) as Record<string, unknown>, fromAnchor);
}

/**
 * Encodes an IncoToken account (discriminator + fields), zero-padded to `size` (the program
 * allocates accounts at full size whatever their options hold). Synchronous: the emulator writes
 * accounts inside an instruction.
 *
 * @example
 * const data = encodeIncoTokenAccount('IncoAccount', { mint, owner, amount: 0n, delegate: null, state: { Initialized: {} },
 *   is_native: null, delegated_amount: 0n, close_authority: null }, 221);
 */
export function encodeIncoTokenAccount(name: IncoTokenAccountName, fields: Readonly<Record<string, IdlValue>>, size: number): Uint8Array {
  const body = tokenCoder.types.encode(name, mapValues(fields, toAnchor));
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
