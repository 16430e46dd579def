import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from './base64.codec';

describe('base64 codec (no Buffer)', () => {
  it('matches the standard encoding for every padding length and all byte values', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (const bytes of [new Uint8Array(0), all.subarray(0, 1), all.subarray(0, 2), all.subarray(0, 3), all]) {
      const encoded = bytesToBase64(bytes);
      expect(encoded).toBe(Buffer.from(bytes).toString('base64'));
      expect(base64ToBytes(encoded)).toEqual(bytes);
    }
  });

  it('encodes inputs larger than one chunk', () => {
    const big = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 31) % 256);
    expect(bytesToBase64(big)).toBe(Buffer.from(big).toString('base64'));
  });
});
