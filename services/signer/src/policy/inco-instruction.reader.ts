import type { SignerRefusalCode } from '@quietpay/contracts';
import { decodeIncoTokenInstruction, encodeIncoTokenInstruction, type IdlValue, INCO_TOKEN_IDL } from '@quietpay/solana';
import type { PublicKey } from '@solana/web3.js';
import { refuse } from './policy-verdict';
import type { AccountRef, InstructionView } from './transaction-view';

export type IncoInstructionName = 'create_idempotent' | 'approve_checked' | 'transfer';

const NAMES: readonly IncoInstructionName[] = ['create_idempotent', 'approve_checked', 'transfer'];
// From the IncoToken IDL (libs/solana), the one description tx-builder encodes with and localnet decodes with.
const DISCRIMINATORS = INCO_TOKEN_IDL.instructions
  .filter((ix): ix is typeof ix & { name: IncoInstructionName } => (NAMES as readonly string[]).includes(ix.name))
  .map((ix) => ({ name: ix.name, bytes: Buffer.from(ix.discriminator) }));

/** Names an IncoToken instruction by its Anchor discriminator; anything else (revoke, approve…) is refused. */
export function incoInstructionName(ix: InstructionView): IncoInstructionName {
  const head = Buffer.from(ix.data.subarray(0, 8));
  const found = DISCRIMINATORS.find((d) => d.bytes.equals(head));
  if (!found) refuse('unexpected_inco_instruction', `instruction ${ix.position} is not create_idempotent, approve_checked or transfer`);
  return found.name;
}

/**
 * The instruction's arguments as the IncoToken IDL decodes them (`ciphertext`, `input_type`,
 * `decimals`…). Only canonical data is read: the bytes must be exactly what the IDL encodes from
 * those arguments, so nothing trails that the program might read and the signer did not
 * (Anchor's decoder ignores trailing bytes; the signer does not sign what it did not read).
 */
export function readIncoArgs(ix: InstructionView, name: IncoInstructionName): Readonly<Record<string, unknown>> {
  const decoded = decodeIncoTokenInstruction(ix.data);
  if (decoded?.name !== name) return refuse('malformed_instruction', `instruction ${ix.position}: its data is not ${name} arguments`);
  const canonical = encodeIncoTokenInstruction(name, decoded.args as Readonly<Record<string, IdlValue>>);
  if (!Buffer.from(canonical).equals(Buffer.from(ix.data))) {
    refuse('malformed_instruction', `instruction ${ix.position} data is ${ix.data.length} bytes, expected ${canonical.length}`);
  }
  return decoded.args;
}

export function accountAt(ix: InstructionView, slot: number, name: string): AccountRef {
  return ix.accounts[slot] ?? refuse('malformed_instruction', `instruction ${ix.position} lacks ${name}`);
}

export function expectKey(ix: InstructionView, slot: number, name: string, expected: PublicKey, reason: SignerRefusalCode): AccountRef {
  const ref = accountAt(ix, slot, name);
  if (!ref.key.equals(expected)) refuse(reason, `instruction ${ix.position}: ${name} is ${ref.key.toBase58()}, expected ${expected.toBase58()}`);
  return ref;
}
