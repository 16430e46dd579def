import { encodeIncoTokenInstruction } from '@quietpay/solana';
import { PublicKey } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { readIncoArgs } from './inco-instruction.reader';
import { verdictOf } from './policy-verdict';
import type { InstructionView } from './transaction-view';

// The signer reads IncoToken instruction data with the IncoToken IDL (libs/solana's coder), the one
// description tx-builder encodes with and localnet decodes with (issue 11), and signs only the
// canonical bytes of what it read.

const PROGRAM = new PublicKey('11111111111111111111111111111112');
const ciphertext = Uint8Array.from({ length: 40 }, (_, i) => i + 1);
const view = (data: Uint8Array): InstructionView => ({ position: 3, programId: PROGRAM, accounts: [], data });
const refusalOf = (read: () => unknown) => verdictOf(() => void read());

describe('readIncoArgs', () => {
  it('reads what the IDL encodes: approve_checked, transfer and create_idempotent', () => {
    const approve = encodeIncoTokenInstruction('approve_checked', { ciphertext, input_type: 0, decimals: 6 });
    expect(readIncoArgs(view(approve), 'approve_checked')).toEqual({ ciphertext, input_type: 0, decimals: 6 });
    const transfer = encodeIncoTokenInstruction('transfer', { ciphertext, input_type: 0 });
    expect(readIncoArgs(view(transfer), 'transfer')).toEqual({ ciphertext, input_type: 0 });
    expect(readIncoArgs(view(encodeIncoTokenInstruction('create_idempotent', {})), 'create_idempotent')).toEqual({});
  });

  it.each([
    ['a trailing byte', Uint8Array.from([...encodeIncoTokenInstruction('transfer', { ciphertext, input_type: 0 }), 0]), 'transfer'],
    ['truncated args', encodeIncoTokenInstruction('transfer', { ciphertext, input_type: 0 }).subarray(0, 30), 'transfer'],
    ["another instruction's data", encodeIncoTokenInstruction('transfer', { ciphertext, input_type: 0 }), 'approve_checked'],
    ['create_idempotent with args', Uint8Array.from([...encodeIncoTokenInstruction('create_idempotent', {}), 1]), 'create_idempotent'],
    [
      'an unknown discriminator',
      encodeIncoTokenInstruction('create_idempotent', {})
        .subarray(0, 8)
        .map((b, i) => (i === 0 ? b ^ 1 : b)),
      'create_idempotent',
    ],
  ] as const)('refuses %s as malformed_instruction', (_case, data, name) => {
    expect(refusalOf(() => readIncoArgs(view(data), name))).toMatchObject({ ok: false, reason: 'malformed_instruction' });
  });
});
