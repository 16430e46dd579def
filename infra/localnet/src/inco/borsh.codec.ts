import { PublicKey } from '@solana/web3.js';

/** Thrown when bytes end early or hold an invalid tag; callers map it to their Anchor error. */
export class BorshDecodeError extends Error {}

/** A forward-only Borsh reader over instruction or account data. */
export class BorshReader {
  private offset: number;

  constructor(
    private readonly bytes: Uint8Array,
    start = 0,
  ) {
    this.offset = start;
  }

  get position(): number {
    return this.offset;
  }

  private take(n: number): Uint8Array {
    if (this.offset + n > this.bytes.length) throw new BorshDecodeError(`need ${n} bytes at ${this.offset}`);
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  u8(): number {
    return this.take(1)[0] ?? 0;
  }

  bool(): boolean {
    const v = this.u8();
    if (v > 1) throw new BorshDecodeError(`invalid bool ${v}`);
    return v === 1;
  }

  u32(): number {
    const b = this.take(4);
    return new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true);
  }

  u64(): bigint {
    const b = this.take(8);
    return new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true);
  }

  u128(): bigint {
    return leToU128(this.take(16));
  }

  pubkey(): PublicKey {
    return new PublicKey(this.take(32));
  }

  /** Borsh `Vec<u8>`: u32 LE length, then the bytes. */
  bytesVec(): Uint8Array {
    return this.take(this.u32()).slice();
  }

  /** Borsh `Option<T>` and the program's Borsh-derived `COption<T>` share one encoding: a 1-byte tag. */
  option<T>(read: () => T): T | null {
    const tag = this.u8();
    if (tag === 0) return null;
    if (tag === 1) return read();
    throw new BorshDecodeError(`invalid option tag ${tag}`);
  }
}

/** Appends Borsh values into a fixed-size buffer (account data is allocated at full size). */
export class BorshWriter {
  private offset = 0;
  readonly bytes: Uint8Array;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
  }

  raw(b: Uint8Array): this {
    this.bytes.set(b, this.offset);
    this.offset += b.length;
    return this;
  }

  u8(v: number): this {
    return this.raw(Uint8Array.of(v));
  }

  u32(v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v, true);
    return this.raw(b);
  }

  u64(v: bigint): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, v, true);
    return this.raw(b);
  }

  u128(v: bigint): this {
    return this.raw(u128ToLe(v));
  }

  pubkey(k: PublicKey): this {
    return this.raw(k.toBytes());
  }

  bytesVec(b: Uint8Array): this {
    return this.u32(b.length).raw(b);
  }

  option<T>(v: T | null, write: (v: T) => void): this {
    if (v === null) return this.u8(0);
    this.u8(1);
    write(v);
    return this;
  }
}

const U128_MAX = (1n << 128n) - 1n;

export function u128ToLe(v: bigint): Uint8Array {
  if (v < 0n || v > U128_MAX) throw new RangeError(`not a u128: ${v}`);
  const out = new Uint8Array(16);
  let x = v;
  for (let i = 0; i < 16; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

export function leToU128(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = Math.min(b.length, 16) - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i] ?? 0);
  return v;
}

export function isU128(v: bigint): boolean {
  return v >= 0n && v <= U128_MAX;
}
