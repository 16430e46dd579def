/**
 * The emulator's only encoder and decoder of IncoToken / Inco Lightning instruction data and of
 * Inco accounts: `@coral-xyz/anchor`'s `BorshCoder`, built from the IDL objects libs/solana exports.
 * libs/solana's client encodes with its own IDL coder (idl-borsh.codec.ts, browser-safe), so the
 * client and the emulator are two independent implementations of one IDL: a byte either writes
 * wrongly fails, or decodes to something else, on the other side in every localnet test.
 * localnet is Node-only and never bundled, so Anchor's CommonJS, Buffer-bound coder costs nothing.
 *
 * This module is the one boundary between Anchor's values and localnet's: Anchor takes and gives BN
 * for u64/u128 and Buffer for `bytes`; localnet uses bigint and Uint8Array. Names need no mapping:
 * BorshCoder keeps the IDL's snake_case fields and PascalCase enum variants (only Anchor's `Program`
 * camelCases an IDL).
 */
import { BN, BorshCoder, type Idl } from '@coral-xyz/anchor';
import {
  INCO_LIGHTNING_IDL,
  INCO_TOKEN_IDL,
  type IdlValue,
  type IncoLightningInstructionName,
  type IncoTokenAccountName,
  type IncoTokenInstructionName,
} from '@quietpay/solana';

const TOKEN = new BorshCoder(INCO_TOKEN_IDL as unknown as Idl);
const LIGHTNING = new BorshCoder(INCO_LIGHTNING_IDL as unknown as Idl);

/** A decoded value as localnet sees it: Anchor's BN as bigint, Buffer as a plain Uint8Array, keys as PublicKey. */
function fromAnchor(value: unknown): unknown {
  if (BN.isBN(value)) return BigInt((value as { toString(base: number): string }).toString(10));
  if (Buffer.isBuffer(value)) return Uint8Array.from(value);
  return value;
}

/** A value Anchor's layouts accept: bigint as BN, bytes as Buffer (a PublicKey is written as it is). */
function toAnchor(value: IdlValue | undefined): unknown {
  if (typeof value === 'bigint') return new BN(value.toString(10));
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.length);
  return value;
}

const mapValues = <T>(fields: Readonly<Record<string, T>>, map: (v: T) => unknown): Record<string, unknown> =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, map(v)]));

const asBuffer = (data: Uint8Array): Buffer => Buffer.from(data.buffer, data.byteOffset, data.length);

/** IncoToken instruction data (discriminator + Borsh args) as Anchor writes it. */
export function anchorEncodeIncoTokenInstruction(name: IncoTokenInstructionName, args: Readonly<Record<string, IdlValue>>): Uint8Array {
  return Uint8Array.from(TOKEN.instruction.encode(name, mapValues(args, toAnchor)));
}

/** Inco Lightning instruction data (the inner instructions IncoToken's CPIs record) as Anchor writes it. */
export function anchorEncodeIncoLightningInstruction(name: IncoLightningInstructionName, args: Readonly<Record<string, IdlValue>>): Uint8Array {
  return Uint8Array.from(LIGHTNING.instruction.encode(name, mapValues(args, toAnchor)));
}

/** An IncoToken instruction as Anchor reads it: its IDL name and args (snake_case, bigint, Uint8Array, PublicKey). */
export interface AnchorDecodedInstruction {
  readonly name: IncoTokenInstructionName;
  readonly args: Readonly<Record<string, unknown>>;
}

/**
 * Decodes IncoToken instruction data; null for an unknown discriminator or args Anchor cannot
 * deserialize (its layouts throw on overruns, option tags and bools other than 0/1). Trailing bytes
 * are ignored, as the program's Anchor entrypoint ignores them.
 */
export function anchorDecodeIncoTokenInstruction(data: Uint8Array): AnchorDecodedInstruction | null {
  try {
    const decoded = TOKEN.instruction.decode(asBuffer(data));
    if (!decoded) return null;
    return { name: decoded.name as IncoTokenInstructionName, args: mapValues(decoded.data as Record<string, unknown>, fromAnchor) };
  } catch {
    return null;
  }
}

/**
 * An IncoToken account (discriminator + Borsh fields), zero-padded to `size`: the program allocates
 * at full size whatever the options hold. Synchronous (the emulator writes accounts inside an
 * instruction), so it writes the struct with Anchor's types coder, the layout its async
 * `accounts.encode` uses, behind the account's discriminator.
 */
export function anchorEncodeIncoTokenAccount(name: IncoTokenAccountName, fields: Readonly<Record<string, IdlValue>>, size: number): Uint8Array {
  return padded(TOKEN, name, fields, size);
}

/** Inco Lightning's `Allowance` account (the PDA `allow` creates), zero-padded to `size`. */
export function anchorEncodeAllowance(fields: { allowed: boolean; bump: number }, size: number): Uint8Array {
  return padded(LIGHTNING, 'Allowance', fields, size);
}

function padded(coder: BorshCoder, name: string, fields: Readonly<Record<string, IdlValue>>, size: number): Uint8Array {
  const discriminator = coder.accounts.accountDiscriminator(name);
  const body = coder.types.encode(name, mapValues(fields, toAnchor));
  if (discriminator.length + body.length > size) throw new RangeError(`${name} needs ${discriminator.length + body.length} bytes, ${size} allocated`);
  const out = new Uint8Array(size);
  out.set(discriminator, 0);
  out.set(body, discriminator.length);
  return out;
}

/** An IncoToken account's fields (discriminator checked, padding ignored); throws on anything Anchor cannot deserialize. */
export function anchorDecodeIncoTokenAccount(name: IncoTokenAccountName, data: Uint8Array): Record<string, unknown> {
  return mapValues(TOKEN.accounts.decode<Record<string, unknown>>(name, asBuffer(data)), fromAnchor);
}

/** An account type's 8-byte discriminator, as Anchor's coder checks it. */
export function anchorAccountDiscriminatorOf(program: 'IncoToken' | 'IncoLightning', name: string): Uint8Array {
  return Uint8Array.from((program === 'IncoToken' ? TOKEN : LIGHTNING).accounts.accountDiscriminator(name));
}
