/** Little-endian integer codecs for Borsh args and account layouts (u64 and u128 as bigint). */

const U64_MAX = (1n << 64n) - 1n;
const U128_MAX = (1n << 128n) - 1n;

/** Writes an unsigned integer of `bytes` width, little-endian. */
export function writeUintLE(value: bigint, bytes: 8 | 16): Uint8Array {
  const max = bytes === 8 ? U64_MAX : U128_MAX;
  if (value < 0n || value > max) throw new RangeError(`value ${value} does not fit u${bytes * 8}`);
  const out = new Uint8Array(bytes);
  let v = value;
  for (let i = 0; i < bytes; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Reads an unsigned little-endian integer of `bytes` width at `offset`. */
export function readUintLE(data: Uint8Array, offset: number, bytes: 8 | 16): bigint {
  if (offset < 0 || offset + bytes > data.length) throw new RangeError(`read of u${bytes * 8} at ${offset} overruns ${data.length} bytes`);
  let v = 0n;
  for (let i = bytes - 1; i >= 0; i--) v = (v << 8n) | BigInt(data[offset + i] ?? 0);
  return v;
}

/** Borsh `bytes`/`Vec<u8>`: u32 LE length, then the bytes. */
export function borshBytes(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + bytes.length);
  new DataView(out.buffer).setUint32(0, bytes.length, true);
  out.set(bytes, 4);
  return out;
}

/** Concatenates byte arrays into one (a plain Uint8Array: this codec also runs in browsers, where there is no Buffer). */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
