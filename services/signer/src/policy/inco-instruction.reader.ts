import type { SignerRefusalCode } from '@quietpay/contracts';
import { anchorInstructionDiscriminator } from '@quietpay/solana';
import type { PublicKey } from '@solana/web3.js';
import { refuse } from './policy-verdict';
import type { AccountRef, InstructionView } from './transaction-view';

export type IncoInstructionName = 'create_idempotent' | 'approve_checked' | 'transfer';

const NAMES: readonly IncoInstructionName[] = ['create_idempotent', 'approve_checked', 'transfer'];
const DISCRIMINATORS = NAMES.map((name) => ({ name, bytes: Buffer.from(anchorInstructionDiscriminator(name)) }));

/** Names an IncoToken instruction by its Anchor discriminator; anything else (revoke, approve…) is refused. */
export function incoInstructionName(ix: InstructionView): IncoInstructionName {
  const head = Buffer.from(ix.data.subarray(0, 8));
  const found = DISCRIMINATORS.find((d) => d.bytes.equals(head));
  if (!found) refuse('unexpected_inco_instruction', `instruction ${ix.position} is not create_idempotent, approve_checked or transfer`);
  return found.name;
}

/** Args of approve_checked / transfer: `bytes ciphertext, u8 input_type` (+ `u8 decimals` for approve_checked). */
export function readCiphertextArgs(ix: InstructionView, trailing: number): { ciphertext: Uint8Array; inputType: number; rest: Uint8Array } {
  const data = Buffer.from(ix.data);
  if (data.length < 12) refuse('malformed_instruction', `instruction ${ix.position} data too short`);
  const length = data.readUInt32LE(8);
  const expected = 12 + length + 1 + trailing;
  if (data.length !== expected) refuse('malformed_instruction', `instruction ${ix.position} data is ${data.length} bytes, expected ${expected}`);
  return { ciphertext: data.subarray(12, 12 + length), inputType: data[12 + length] ?? -1, rest: data.subarray(13 + length) };
}

export function accountAt(ix: InstructionView, slot: number, name: string): AccountRef {
  return ix.accounts[slot] ?? refuse('malformed_instruction', `instruction ${ix.position} lacks ${name}`);
}

export function expectKey(ix: InstructionView, slot: number, name: string, expected: PublicKey, reason: SignerRefusalCode): AccountRef {
  const ref = accountAt(ix, slot, name);
  if (!ref.key.equals(expected)) refuse(reason, `instruction ${ix.position}: ${name} is ${ref.key.toBase58()}, expected ${expected.toBase58()}`);
  return ref;
}
