/**
 * Builds the smallest SBPFv0 program LiteSVM's loader accepts: `mov64 r0, 0; exit`.
 * It stands at each emulated program id so the signed transaction runs for real (signatures,
 * fees, precompiles, account locks) while the emulator supplies the program's logic.
 * Layout (296 bytes): ELF header, .text at offset 64 (sh_addr == sh_offset, as the loader
 * requires), .shstrtab, then three section headers (NULL, .text, .shstrtab); no program headers.
 */
const EHDR_SIZE = 64;
const SHDR_SIZE = 64;
const ET_DYN = 3;
const EM_BPF = 247;
const SHT_PROGBITS = 1;
const SHT_STRTAB = 3;
const SHF_ALLOC_EXEC = 0x2 | 0x4;

const TEXT = Uint8Array.from([0xb7, 0, 0, 0, 0, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0]);
const SHSTRTAB = new TextEncoder().encode('\0.text\0.shstrtab\0');

interface SectionHeader {
  name: number;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
  align: number;
}

function writeSectionHeader(view: DataView, at: number, sh: SectionHeader): void {
  view.setUint32(at, sh.name, true);
  view.setUint32(at + 4, sh.type, true);
  view.setBigUint64(at + 8, BigInt(sh.flags), true);
  view.setBigUint64(at + 16, BigInt(sh.addr), true);
  view.setBigUint64(at + 24, BigInt(sh.offset), true);
  view.setBigUint64(at + 32, BigInt(sh.size), true);
  view.setUint32(at + 40, 0, true);
  view.setUint32(at + 44, 0, true);
  view.setBigUint64(at + 48, BigInt(sh.align), true);
  view.setBigUint64(at + 56, 0n, true);
}

export function buildNoopElf(): Uint8Array {
  const textOffset = EHDR_SIZE;
  const strOffset = textOffset + TEXT.length;
  const shOffset = Math.ceil((strOffset + SHSTRTAB.length) / 8) * 8;
  const out = new Uint8Array(shOffset + 3 * SHDR_SIZE);
  const view = new DataView(out.buffer);

  out.set([0x7f, 0x45, 0x4c, 0x46, 2 /* 64-bit */, 1 /* LE */, 1 /* version */], 0);
  view.setUint16(16, ET_DYN, true);
  view.setUint16(18, EM_BPF, true);
  view.setUint32(20, 1, true);
  view.setBigUint64(24, BigInt(textOffset), true); // e_entry: start of .text
  view.setBigUint64(32, 0n, true); // no program headers
  view.setBigUint64(40, BigInt(shOffset), true);
  view.setUint32(48, 0, true); // e_flags 0 = SBPFv0
  view.setUint16(52, EHDR_SIZE, true);
  view.setUint16(54, 56, true);
  view.setUint16(56, 0, true);
  view.setUint16(58, SHDR_SIZE, true);
  view.setUint16(60, 3, true);
  view.setUint16(62, 2, true); // .shstrtab index

  out.set(TEXT, textOffset);
  out.set(SHSTRTAB, strOffset);
  // Section 0 stays all-zero (SHT_NULL).
  writeSectionHeader(view, shOffset + SHDR_SIZE, {
    name: 1,
    type: SHT_PROGBITS,
    flags: SHF_ALLOC_EXEC,
    addr: textOffset,
    offset: textOffset,
    size: TEXT.length,
    align: 8,
  });
  writeSectionHeader(view, shOffset + 2 * SHDR_SIZE, {
    name: 7,
    type: SHT_STRTAB,
    flags: 0,
    addr: 0,
    offset: strOffset,
    size: SHSTRTAB.length,
    align: 1,
  });
  return out;
}
