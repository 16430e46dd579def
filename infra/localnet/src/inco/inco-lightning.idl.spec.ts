import { createHash } from 'node:crypto';
import { Keypair } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { anchorEncodeIncoLightningInstruction } from './anchor-inco.coder';
import { BorshWriter } from './borsh.codec';

// The inner-instruction data the emulator recorded before it used the Inco Lightning IDL, written by
// hand with Borsh: Anchor's coder over the IDL (what the emulator records with now) must produce the
// same bytes, so transactions look as they did.
const disc = (name: string): Uint8Array => createHash('sha256').update(`global:${name}`).digest().subarray(0, 8);
const hand = (name: string, write: (w: BorshWriter) => BorshWriter, size: number): string =>
  Buffer.from(write(new BorshWriter(8 + size).raw(disc(name))).bytes).toString('hex');
const idl = (...args: Parameters<typeof anchorEncodeIncoLightningInstruction>): string =>
  Buffer.from(anchorEncodeIncoLightningInstruction(...args)).toString('hex');

describe("Inco Lightning calls through Anchor's coder, byte for byte against the hand-written Borsh", () => {
  const [a, b, c] = [2n ** 127n + 3n, 5n, 0n];
  const ciphertext = Uint8Array.from({ length: 113 + 39 }, (_, i) => i % 251);

  it('new_euint128, as_euint128, e_add, e_sub, e_ge, e_select', () => {
    expect(idl('new_euint128', { ciphertext, input_type: 0 })).toBe(hand('new_euint128', (w) => w.bytesVec(ciphertext).u8(0), 4 + ciphertext.length + 1));
    expect(idl('as_euint128', { value: a })).toBe(hand('as_euint128', (w) => w.u128(a), 16));
    for (const op of ['e_add', 'e_sub', 'e_ge'] as const) expect(idl(op, { a, b, scalar_byte: 0 })).toBe(hand(op, (w) => w.u128(a).u128(b).u8(0), 33));
    expect(idl('e_select', { control: c, if_true: a, if_false: b, scalar_byte: 0 })).toBe(hand('e_select', (w) => w.u128(c).u128(a).u128(b).u8(0), 49));
  });

  it('allow', () => {
    const allowed = Keypair.generate().publicKey;
    expect(idl('allow', { handle: a, value: true, allowed_address: allowed })).toBe(hand('allow', (w) => w.u128(a).u8(1).pubkey(allowed), 49));
  });
});
