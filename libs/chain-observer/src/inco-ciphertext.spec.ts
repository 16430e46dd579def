import { encodeIncoTokenInstruction } from '@quietpay/solana';
import { Keypair } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { incoCiphertexts, lengthsByInstruction } from './inco-ciphertext';
import type { VisibleInstruction, VisibleTransaction } from './visible-transaction';

const incoToken = Keypair.generate().publicKey;
const otherProgram = Keypair.generate().publicKey;

const ix = (programId = incoToken, data: Uint8Array, inner = false): VisibleInstruction => ({ programId, data, inner });
const tx = (instructions: VisibleInstruction[]): VisibleTransaction => ({
  slot: 0,
  accountKeys: [],
  instructions,
  instructionData: instructions.map((i) => i.data),
  logs: [],
});
const transfer = (bytes: number): Uint8Array => encodeIncoTokenInstruction('transfer', { ciphertext: new Uint8Array(bytes).fill(7), input_type: 0 });
const approve = (bytes: number): Uint8Array =>
  encodeIncoTokenInstruction('approve_checked', { ciphertext: new Uint8Array(bytes).fill(9), input_type: 0, decimals: 6 });

describe('incoCiphertexts', () => {
  it("reads each IncoToken instruction's name and ciphertext length from its public data, inner ones included", () => {
    const seen = incoCiphertexts(tx([ix(incoToken, approve(152)), ix(incoToken, transfer(119), true)]), incoToken);
    expect(seen).toEqual([
      { instruction: 'approve_checked', ciphertextBytes: 152, dataBytes: approve(152).length },
      { instruction: 'transfer', ciphertextBytes: 119, dataBytes: transfer(119).length },
    ]);
  });

  it("skips other programs' instructions, IncoToken instructions without a ciphertext and undecodable data", () => {
    const createIdempotent = encodeIncoTokenInstruction('create_idempotent', {});
    expect(
      incoCiphertexts(tx([ix(otherProgram, transfer(152)), ix(incoToken, createIdempotent), ix(incoToken, new Uint8Array([1, 2, 3]))]), incoToken),
    ).toEqual([]);
  });
});

describe('lengthsByInstruction', () => {
  it('lists the distinct ciphertext lengths per instruction: one each when the width is fixed, several when it leaks digits', () => {
    const fixed = [tx([ix(incoToken, approve(152))]), tx([ix(incoToken, transfer(152))]), tx([ix(incoToken, transfer(152))])];
    expect(lengthsByInstruction(fixed.flatMap((t) => incoCiphertexts(t, incoToken)))).toEqual({ approve_checked: [152], transfer: [152] });
    const leaky = [tx([ix(incoToken, transfer(118))]), tx([ix(incoToken, transfer(120))]), tx([ix(incoToken, transfer(118))])];
    expect(lengthsByInstruction(leaky.flatMap((t) => incoCiphertexts(t, incoToken)))).toEqual({ transfer: [118, 120] });
  });
});
