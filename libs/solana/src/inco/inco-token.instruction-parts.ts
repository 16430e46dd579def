import type { AddressLike } from '../address/address';
import { encodeIncoTokenInstruction, type IdlAccountMeta, type IdlValue, incoTokenAccountMetas } from './idl/inco.coder';
import type { IncoTokenInstructionName } from './idl/inco-token.idl';
import { SYSTEM_PROGRAM_ADDRESS } from './inco.addresses';

/*
 * IncoToken instructions as plain parts (program, account metas, data) over any key type: the
 * browser SDK compiles them into its own transaction messages; inco-token.instructions.ts wraps the
 * same parts as web3.js TransactionInstructions for services and tests.
 */

/** An instruction without web3.js: the program, its accounts in order with flags, the data. */
export interface InstructionParts<K = AddressLike> {
  readonly programId: K;
  readonly keys: readonly IdlAccountMeta<K>[];
  readonly data: Uint8Array;
}

/** The program ids an IncoToken instruction names, and the system program in the caller's key type. */
export interface IncoInstructionIds<K> {
  readonly incoToken: K;
  readonly incoLightning: K;
}

/** `input_type` is always 0 (ciphertext) in the public program. */
export const INPUT_TYPE_CIPHERTEXT = 0;

/** An allowance PDA and the address it grants, as the program expects them among remaining accounts. */
export interface AllowanceGrantOf<K> {
  readonly allowance: K;
  readonly allowed: K;
}

/** Remaining accounts for allowance grants: [allowance (writable), allowed] per grant. */
export const grantMetasOf = <K>(grants: readonly AllowanceGrantOf<K>[]): IdlAccountMeta<K>[] =>
  grants.flatMap((g) => [
    { pubkey: g.allowance, isSigner: false, isWritable: true },
    { pubkey: g.allowed, isSigner: false, isWritable: false },
  ]);

/**
 * One IncoToken instruction, data and account order/flags both from the IDL (idl/inco-token.idl.ts);
 * `remaining` (allowance grants) follow the IDL's accounts.
 */
export function incoTokenInstructionParts<K>(
  ids: IncoInstructionIds<K>,
  systemProgram: K,
  name: IncoTokenInstructionName,
  accounts: Readonly<Record<string, K>>,
  args: Readonly<Record<string, IdlValue>>,
  remaining: readonly IdlAccountMeta<K>[] = [],
): InstructionParts<K> {
  const keys = incoTokenAccountMetas(name, { inco_lightning_program: ids.incoLightning, system_program: systemProgram, ...accounts });
  return { programId: ids.incoToken, keys: [...keys, ...remaining], data: encodeIncoTokenInstruction(name, args) };
}

/**
 * approve_checked as parts: makes `delegate` the source's delegate with an encrypted cap; the grant
 * gives the delegate decrypt rights on the new delegated_amount handle.
 *
 * @example
 * approveCheckedParts(ids, { source, mint, delegate, owner, ciphertext, decimals: 6, grant: { allowance, allowed: delegate } });
 */
export function approveCheckedParts(
  ids: IncoInstructionIds<AddressLike>,
  a: {
    source: AddressLike;
    mint: AddressLike;
    delegate: AddressLike;
    owner: AddressLike;
    ciphertext: Uint8Array;
    decimals: number;
    grant?: AllowanceGrantOf<AddressLike>;
  },
): InstructionParts {
  return incoTokenInstructionParts<AddressLike>(
    ids,
    SYSTEM_PROGRAM_ADDRESS,
    'approve_checked',
    { source: a.source, mint: a.mint, delegate: a.delegate, owner: a.owner },
    { ciphertext: a.ciphertext, input_type: INPUT_TYPE_CIPHERTEXT, decimals: a.decimals },
    grantMetasOf(a.grant ? [a.grant] : []),
  );
}

/**
 * create_idempotent as parts: the wallet's IncoToken account for a mint, created if absent.
 *
 * @example
 * createIdempotentParts(ids, { payer, associatedToken: incoTokenAccountAddressOf(ids, wallet, mint), wallet, mint });
 */
export function createIdempotentParts(
  ids: IncoInstructionIds<AddressLike>,
  a: { payer: AddressLike; associatedToken: AddressLike; wallet: AddressLike; mint: AddressLike },
): InstructionParts {
  return incoTokenInstructionParts<AddressLike>(
    ids,
    SYSTEM_PROGRAM_ADDRESS,
    'create_idempotent',
    {
      payer: a.payer,
      associated_token: a.associatedToken,
      wallet: a.wallet,
      mint: a.mint,
    },
    {},
  );
}
