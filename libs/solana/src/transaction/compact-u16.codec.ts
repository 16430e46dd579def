/** Solana's compact-u16 ("shortvec") length prefix: 7 bits a byte, high bit = more, at most 3 bytes. */
export function encodeCompactU16(value: number): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) throw new RangeError(`compact-u16 out of range: ${value}`);
  const out: number[] = [];
  let v = value;
  for (;;) {
    const low = v & 0x7f;
    v >>= 7;
    if (v === 0) {
      out.push(low);
      return Uint8Array.from(out);
    }
    out.push(low | 0x80);
  }
}

/** Reads a compact-u16 at `offset`: the value and the bytes it took. Throws RangeError on overrun or overlong input. */
export function decodeCompactU16(data: Uint8Array, offset: number): { value: number; length: number } {
  let value = 0;
  for (let i = 0; i < 3; i += 1) {
    const byte = data[offset + i];
    if (byte === undefined) throw new RangeError(`compact-u16 at ${offset} overruns ${data.length} bytes`);
    value |= (byte & 0x7f) << (7 * i);
    if ((byte & 0x80) === 0) return { value, length: i + 1 };
  }
  throw new RangeError(`compact-u16 at ${offset} is longer than 3 bytes`);
}
