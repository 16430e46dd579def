import { PublicKey } from '@solana/web3.js';

/**
 * Appends Borsh values into a fixed-size buffer: the System program's create_account data and
 * tests' hand-made payloads. IncoToken and Inco Lightning data go through Anchor's coder (anchor-inco.coder.ts).
 */
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
