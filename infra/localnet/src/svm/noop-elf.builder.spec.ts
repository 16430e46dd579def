import { describe, expect, it } from 'vitest';
import { buildNoopElf } from './noop-elf.builder';

describe('buildNoopElf', () => {
  it('builds the 296-byte SBPFv0 layout the loader accepts', () => {
    const elf = buildNoopElf();
    const v = new DataView(elf.buffer);
    expect(elf.length).toBe(296);
    expect(Array.from(elf.subarray(0, 4))).toEqual([0x7f, 0x45, 0x4c, 0x46]);
    expect(v.getUint16(16, true)).toBe(3); // ET_DYN
    expect(v.getUint16(18, true)).toBe(247); // EM_BPF
    expect(v.getUint32(48, true)).toBe(0); // e_flags
    expect(v.getBigUint64(24, true)).toBe(64n); // e_entry = .text
    const textHeader = Number(v.getBigUint64(40, true)) + 64;
    expect(v.getBigUint64(textHeader + 16, true)).toBe(v.getBigUint64(textHeader + 24, true)); // sh_addr == sh_offset
    expect(Array.from(elf.subarray(64, 80))).toEqual([0xb7, 0, 0, 0, 0, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0]);
  });
});
