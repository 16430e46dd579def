import type { AddressLike } from '../../address/address';
import { concatBytes, readUintLE, writeUintLE } from '../../codec/little-endian.codec';

/*
 * Borsh over an Anchor IDL (the subset the Inco IDLs use: u8/u16/u32/u64/u128, bool, pubkey, bytes,
 * option, unit enums, structs). It replaces Anchor's BorshCoder, a CommonJS package that needs
 * Node's Buffer and was most of the SDK's browser bundle; the bytes are pinned against Anchor's in
 * inco-idl.spec.ts. Keys are taken as any `AddressLike` and decoded through the caller's
 * `makeKey`, so this module needs no web3.js.
 */

/** An IDL type, as the Inco IDLs spell them. */
export type IdlType =
  'u8' | 'u16' | 'u32' | 'u64' | 'u128' | 'bool' | 'pubkey' | 'bytes' | { readonly option: IdlType } | { readonly defined: { readonly name: string } };

export interface IdlField {
  readonly name: string;
  readonly type: IdlType;
}
export interface IdlTypeDef {
  readonly name: string;
  readonly type:
    { readonly kind: 'struct'; readonly fields: readonly IdlField[] } | { readonly kind: 'enum'; readonly variants: readonly { readonly name: string }[] };
}
/** The parts of an Anchor IDL this codec reads. */
export interface BorshIdl {
  readonly instructions: readonly { readonly name: string; readonly discriminator: readonly number[]; readonly args: readonly IdlField[] }[];
  readonly accounts?: readonly { readonly name: string; readonly discriminator: readonly number[] }[];
  readonly types?: readonly IdlTypeDef[];
}

/** A value of an IDL field: integers as bigint (number accepted for u8-u32), keys as AddressLike, `option` as null, enums as `{ Variant: {} }`. */
export type BorshValue = bigint | number | boolean | AddressLike | Uint8Array | null | { readonly [variant: string]: Record<string, never> };

/** Turns 32 decoded key bytes into the caller's key type (web3.js `PublicKey`, `Address`). */
export type KeyFactory<K> = (bytes: Uint8Array) => K;

const UINT_BYTES = { u8: 1, u16: 2, u32: 4, u64: 8, u128: 16 } as const;

function typeDef(idl: BorshIdl, name: string): IdlTypeDef {
  const def = idl.types?.find((t) => t.name === name);
  if (!def) throw new RangeError(`IDL has no type ${name}`);
  return def;
}

function encodeUint(width: 1 | 2 | 4 | 8 | 16, value: unknown, field: string): Uint8Array {
  const v = typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : value;
  if (typeof v !== 'bigint') throw new TypeError(`${field}: expected an integer, got ${typeof value}`);
  if (width >= 8) return writeUintLE(v, width as 8 | 16);
  if (v < 0n || v >= 1n << BigInt(width * 8)) throw new RangeError(`${field}: ${v} does not fit u${width * 8}`);
  const out = new Uint8Array(width);
  for (let i = 0; i < width; i += 1) out[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return out;
}

function encodeValue(idl: BorshIdl, type: IdlType, value: unknown, field: string, out: Uint8Array[]): void {
  if (typeof type === 'string') {
    if (type in UINT_BYTES) out.push(encodeUint(UINT_BYTES[type as keyof typeof UINT_BYTES], value, field));
    else if (type === 'bool') {
      if (typeof value !== 'boolean') throw new TypeError(`${field}: expected a boolean`);
      out.push(Uint8Array.of(value ? 1 : 0));
    } else if (type === 'pubkey') {
      const bytes = value instanceof Uint8Array ? value : (value as AddressLike | null | undefined)?.toBytes?.();
      if (!(bytes instanceof Uint8Array) || bytes.length !== 32) throw new TypeError(`${field}: expected a 32-byte key`);
      out.push(Uint8Array.from(bytes));
    } else {
      if (!(value instanceof Uint8Array)) throw new TypeError(`${field}: expected bytes`);
      out.push(encodeUint(4, value.length, field), Uint8Array.from(value));
    }
    return;
  }
  if ('option' in type) {
    if (value === null || value === undefined) out.push(Uint8Array.of(0));
    else {
      out.push(Uint8Array.of(1));
      encodeValue(idl, type.option, value, field, out);
    }
    return;
  }
  const def = typeDef(idl, type.defined.name);
  if (def.type.kind === 'enum') {
    const chosen = typeof value === 'object' && value !== null ? Object.keys(value) : [];
    const index = def.type.variants.findIndex((v) => chosen.length === 1 && v.name === chosen[0]);
    if (index < 0) throw new RangeError(`${field}: not a ${def.name} variant`);
    out.push(Uint8Array.of(index));
    return;
  }
  encodeFields(idl, def.type.fields, (value ?? {}) as Readonly<Record<string, unknown>>, out);
}

function encodeFields(idl: BorshIdl, fields: readonly IdlField[], values: Readonly<Record<string, unknown>>, out: Uint8Array[]): void {
  for (const f of fields) encodeValue(idl, f.type, values[f.name], f.name, out);
}

/** Borsh bytes of a struct's fields (or an instruction's args), in IDL order. */
export function encodeBorshFields(idl: BorshIdl, fields: readonly IdlField[], values: Readonly<Record<string, unknown>>): Uint8Array {
  const out: Uint8Array[] = [];
  encodeFields(idl, fields, values, out);
  return concatBytes(...out);
}

/** A bounds-checked cursor; every overrun throws RangeError. */
class Cursor {
  at = 0;
  constructor(readonly data: Uint8Array) {}
  take(n: number): Uint8Array {
    if (this.at + n > this.data.length) throw new RangeError(`read of ${n} bytes at ${this.at} overruns ${this.data.length}`);
    const out = this.data.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  byte(): number {
    return this.take(1)[0] ?? 0;
  }
}

function decodeValue<K>(idl: BorshIdl, type: IdlType, c: Cursor, makeKey: KeyFactory<K>): unknown {
  if (typeof type === 'string') {
    switch (type) {
      case 'u8':
        return c.byte();
      case 'u16':
      case 'u32':
        return Number(readUintLE(Uint8Array.from([...c.take(UINT_BYTES[type]), ...new Uint8Array(8 - UINT_BYTES[type])]), 0, 8));
      case 'u64':
      case 'u128':
        return readUintLE(c.take(UINT_BYTES[type]), 0, UINT_BYTES[type]);
      case 'bool': {
        const b = c.byte();
        if (b > 1) throw new RangeError(`Invalid bool byte ${b} at ${c.at - 1}`);
        return b === 1;
      }
      case 'pubkey':
        return makeKey(Uint8Array.from(c.take(32)));
      case 'bytes': {
        const length = Number(decodeValue(idl, 'u32', c, makeKey));
        return Uint8Array.from(c.take(length));
      }
    }
  }
  if ('option' in type) {
    const tag = c.byte();
    if (tag === 0) return null;
    if (tag !== 1) throw new RangeError(`Invalid option tag ${tag} at ${c.at - 1}`);
    return decodeValue(idl, type.option, c, makeKey);
  }
  const def = typeDef(idl, type.defined.name);
  if (def.type.kind === 'enum') {
    const variant = def.type.variants[c.byte()];
    if (!variant) throw new RangeError(`not a ${def.name} variant at ${c.at - 1}`);
    return { [variant.name]: {} };
  }
  return decodeFieldsAt(idl, def.type.fields, c, makeKey);
}

function decodeFieldsAt<K>(idl: BorshIdl, fields: readonly IdlField[], c: Cursor, makeKey: KeyFactory<K>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f.name] = decodeValue(idl, f.type, c, makeKey);
  return out;
}

/** Decodes a struct's fields (or an instruction's args) from the start of `data`; trailing bytes are ignored, as Anchor does. */
export function decodeBorshFields<K>(idl: BorshIdl, fields: readonly IdlField[], data: Uint8Array, makeKey: KeyFactory<K>): Record<string, unknown> {
  return decodeFieldsAt(idl, fields, new Cursor(data), makeKey);
}

const sameDiscriminator = (data: Uint8Array, discriminator: readonly number[]): boolean =>
  data.length >= discriminator.length && discriminator.every((b, i) => data[i] === b);

/** Instruction data: the 8-byte discriminator, then the Borsh args. */
export function encodeIdlInstruction(idl: BorshIdl, name: string, args: Readonly<Record<string, unknown>>): Uint8Array {
  const ix = idl.instructions.find((i) => i.name === name);
  if (!ix) throw new RangeError(`IDL has no instruction ${name}`);
  return concatBytes(Uint8Array.from(ix.discriminator), encodeBorshFields(idl, ix.args, args));
}

/** The instruction's name and args; null for an unknown discriminator or args that do not decode. */
export function decodeIdlInstruction<K>(idl: BorshIdl, data: Uint8Array, makeKey: KeyFactory<K>): { name: string; args: Record<string, unknown> } | null {
  const ix = idl.instructions.find((i) => sameDiscriminator(data, i.discriminator));
  if (!ix) return null;
  try {
    return { name: ix.name, args: decodeBorshFields(idl, ix.args, data.subarray(ix.discriminator.length), makeKey) };
  } catch {
    return null;
  }
}

/** An account's fields after its discriminator (checked); throws RangeError on another type or truncated data. */
export function decodeIdlAccount<K>(idl: BorshIdl, name: string, data: Uint8Array, makeKey: KeyFactory<K>): Record<string, unknown> {
  const account = idl.accounts?.find((a) => a.name === name);
  if (!account) throw new RangeError(`IDL has no account ${name}`);
  if (!sameDiscriminator(data, account.discriminator)) throw new RangeError(`not a ${name} account (discriminator)`);
  const def = typeDef(idl, name);
  if (def.type.kind !== 'struct') throw new RangeError(`${name} is not a struct`);
  return decodeBorshFields(idl, def.type.fields, data.subarray(account.discriminator.length), makeKey);
}
