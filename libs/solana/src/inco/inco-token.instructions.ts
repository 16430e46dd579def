import { type AccountMeta, type PublicKey, SystemProgram, TransactionInstruction } from '@solana/web3.js';
import type { SolanaProgramIds } from '../config/program-ids.config';
import type { IdlValue } from './idl/inco.coder';
import type { IncoTokenInstructionName } from './idl/inco-token.idl';
import { grantMetasOf, INPUT_TYPE_CIPHERTEXT, incoTokenInstructionParts } from './inco-token.instruction-parts';

type IncoIds = Pick<SolanaProgramIds, 'incoToken' | 'incoLightning'>;

/** An allowance PDA and the address it grants, as the program expects them among remaining accounts. */
export interface AllowanceGrant {
  readonly allowance: PublicKey;
  readonly allowed: PublicKey;
}
const grantMetas = (grants: readonly AllowanceGrant[]): AccountMeta[] => grantMetasOf(grants);

/**
 * One IncoToken instruction as a web3.js TransactionInstruction (services, tests, localnet): the
 * parts from inco-token.instruction-parts.ts, which the browser SDK uses without web3.js.
 */
function ix(
  ids: IncoIds,
  name: IncoTokenInstructionName,
  accounts: Record<string, PublicKey>,
  args: Record<string, IdlValue>,
  remaining: AccountMeta[] = [],
): TransactionInstruction {
  const parts = incoTokenInstructionParts(ids, SystemProgram.programId, name, accounts, args, remaining);
  // web3.js wants a Buffer for data; this wrapper only runs in Node (the SDK uses the parts).
  return new TransactionInstruction({ programId: parts.programId, keys: [...parts.keys], data: Buffer.from(parts.data) });
}

/**
 * create_idempotent: creates the wallet's IncoToken account for a mint if absent (avoids Anchor 3012 later).
 *
 * @example
 * tx.add(createIdempotentInstruction(ids, { payer, associatedToken: incoTokenAccountAddress(ids, wallet, mint), wallet, mint }));
 */
export function createIdempotentInstruction(
  ids: IncoIds,
  a: { payer: PublicKey; associatedToken: PublicKey; wallet: PublicKey; mint: PublicKey },
): TransactionInstruction {
  return ix(ids, 'create_idempotent', { payer: a.payer, associated_token: a.associatedToken, wallet: a.wallet, mint: a.mint }, {});
}

/**
 * approve_checked: makes `delegate` the source's delegate with an encrypted cap. The remaining
 * accounts grant the delegate decrypt rights on the new delegated_amount handle.
 *
 * @example
 * approveCheckedInstruction(ids, { source, mint, delegate, owner, ciphertext, decimals: 6,
 *   grant: { allowance: allowanceAddress(ids, simulatedHandle, delegate), allowed: delegate } });
 */
export function approveCheckedInstruction(
  ids: IncoIds,
  a: { source: PublicKey; mint: PublicKey; delegate: PublicKey; owner: PublicKey; ciphertext: Uint8Array; decimals: number; grant?: AllowanceGrant },
): TransactionInstruction {
  return ix(
    ids,
    'approve_checked',
    { source: a.source, mint: a.mint, delegate: a.delegate, owner: a.owner },
    { ciphertext: a.ciphertext, input_type: INPUT_TYPE_CIPHERTEXT, decimals: a.decimals },
    grantMetas(a.grant ? [a.grant] : []),
  );
}

/**
 * approve: like approve_checked without the mint/decimals check.
 *
 * @example
 * approveInstruction(ids, { source, delegate, owner, ciphertext });
 */
export function approveInstruction(
  ids: IncoIds,
  a: { source: PublicKey; delegate: PublicKey; owner: PublicKey; ciphertext: Uint8Array; grant?: AllowanceGrant },
): TransactionInstruction {
  return ix(
    ids,
    'approve',
    { source: a.source, delegate: a.delegate, owner: a.owner },
    { ciphertext: a.ciphertext, input_type: INPUT_TYPE_CIPHERTEXT },
    grantMetas(a.grant ? [a.grant] : []),
  );
}

/**
 * transfer: moves an encrypted amount; `authority` is the owner or its delegate. Grants, when given,
 * must be [source balance → source owner, destination balance → destination owner], in that order.
 * Remember an underfunded transfer succeeds and moves 0.
 *
 * @example
 * transferInstruction(ids, { source, destination, authority: facilitator, ciphertext,
 *   grants: [{ allowance: srcAllow, allowed: srcOwner }, { allowance: dstAllow, allowed: dstOwner }] });
 */
export function transferInstruction(
  ids: IncoIds,
  a: { source: PublicKey; destination: PublicKey; authority: PublicKey; ciphertext: Uint8Array; grants?: readonly [AllowanceGrant, AllowanceGrant] },
): TransactionInstruction {
  return ix(
    ids,
    'transfer',
    { source: a.source, destination: a.destination, authority: a.authority },
    { ciphertext: a.ciphertext, input_type: INPUT_TYPE_CIPHERTEXT },
    grantMetas(a.grants ?? []),
  );
}

/**
 * revoke: clears the source's delegate.
 *
 * @example
 * revokeInstruction(ids, { source, owner });
 */
export function revokeInstruction(ids: IncoIds, a: { source: PublicKey; owner: PublicKey }): TransactionInstruction {
  return ix(ids, 'revoke', { source: a.source, owner: a.owner }, {});
}

/**
 * mint_to (tests and localnet funding): mints an encrypted amount; the grant lets the owner decrypt.
 *
 * @example
 * mintToInstruction(ids, { mint, account, mintAuthority, ciphertext, grant: { allowance, allowed: owner } });
 */
export function mintToInstruction(
  ids: IncoIds,
  a: { mint: PublicKey; account: PublicKey; mintAuthority: PublicKey; ciphertext: Uint8Array; grant?: AllowanceGrant },
): TransactionInstruction {
  return ix(
    ids,
    'mint_to',
    { mint: a.mint, account: a.account, mint_authority: a.mintAuthority },
    { ciphertext: a.ciphertext, input_type: INPUT_TYPE_CIPHERTEXT },
    grantMetas(a.grant ? [a.grant] : []),
  );
}

/**
 * initialize_mint (tests and localnet). PROTOCOLS.md gives no layout for it: the IDL states
 * quietpay's assumption (SPL-like `decimals, mint_authority, freeze_authority`), and the localnet
 * emulator decodes it with the same IDL.
 *
 * @example
 * initializeMintInstruction(ids, { mint: mintKeypair.publicKey, payer, decimals: 6, mintAuthority: payer });
 */
export function initializeMintInstruction(
  ids: IncoIds,
  a: { mint: PublicKey; payer: PublicKey; decimals: number; mintAuthority: PublicKey; freezeAuthority?: PublicKey },
): TransactionInstruction {
  return ix(
    ids,
    'initialize_mint',
    { mint: a.mint, payer: a.payer },
    { decimals: a.decimals, mint_authority: a.mintAuthority, freeze_authority: a.freezeAuthority ?? null },
  );
}
