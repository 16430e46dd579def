import { type AccountMeta, PublicKey, SystemProgram, TransactionInstruction } from '@solana/web3.js';
import { borshBytes, concatBytes } from '../codec/little-endian.codec';
import type { SolanaProgramIds } from '../config/program-ids.config';
import { anchorInstructionDiscriminator } from './anchor-discriminator.util';

type IncoIds = Pick<SolanaProgramIds, 'incoToken' | 'incoLightning'>;

/** `input_type` is always 0 (ciphertext) in the public program. */
const INPUT_TYPE_CIPHERTEXT = new Uint8Array([0]);

const w = (pubkey: PublicKey, isSigner = false): AccountMeta => ({ pubkey, isSigner, isWritable: true });
const r = (pubkey: PublicKey, isSigner = false): AccountMeta => ({ pubkey, isSigner, isWritable: false });

/** An allowance PDA and the address it grants, as the program expects them among remaining accounts. */
export interface AllowanceGrant {
  readonly allowance: PublicKey;
  readonly allowed: PublicKey;
}
const grantMetas = (grants: readonly AllowanceGrant[]): AccountMeta[] => grants.flatMap((g) => [w(g.allowance), r(g.allowed)]);

function ix(ids: IncoIds, name: string, keys: AccountMeta[], ...args: Uint8Array[]): TransactionInstruction {
  return new TransactionInstruction({
    programId: ids.incoToken,
    keys,
    data: concatBytes(anchorInstructionDiscriminator(name), ...args),
  });
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
  return ix(ids, 'create_idempotent', [
    w(a.payer, true), w(a.associatedToken), r(a.wallet), r(a.mint), r(SystemProgram.programId), r(ids.incoLightning),
  ]);
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
    [w(a.source), r(a.mint), r(a.delegate), w(a.owner, true), r(ids.incoLightning), r(SystemProgram.programId), ...grantMetas(a.grant ? [a.grant] : [])],
    borshBytes(a.ciphertext),
    INPUT_TYPE_CIPHERTEXT,
    new Uint8Array([a.decimals]),
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
    [w(a.source), r(a.delegate), w(a.owner, true), r(ids.incoLightning), r(SystemProgram.programId), ...grantMetas(a.grant ? [a.grant] : [])],
    borshBytes(a.ciphertext),
    INPUT_TYPE_CIPHERTEXT,
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
    [w(a.source), w(a.destination), w(a.authority, true), r(ids.incoLightning), r(SystemProgram.programId), ...grantMetas(a.grants ?? [])],
    borshBytes(a.ciphertext),
    INPUT_TYPE_CIPHERTEXT,
  );
}

/**
 * revoke: clears the source's delegate.
 *
 * @example
 * revokeInstruction(ids, { source, owner });
 */
export function revokeInstruction(ids: IncoIds, a: { source: PublicKey; owner: PublicKey }): TransactionInstruction {
  return ix(ids, 'revoke', [w(a.source), w(a.owner, true), r(ids.incoLightning)]);
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
    [w(a.mint), w(a.account), w(a.mintAuthority, true), r(ids.incoLightning), r(SystemProgram.programId), ...grantMetas(a.grant ? [a.grant] : [])],
    borshBytes(a.ciphertext),
    INPUT_TYPE_CIPHERTEXT,
  );
}

/**
 * initialize_mint (tests and localnet). PROTOCOLS.md gives no layout for it: this is quietpay's
 * assumption, SPL-like args `decimals u8, mint_authority Pubkey, freeze_authority Option<Pubkey>`
 * and accounts mint(w,s), payer(w,s), system_program, inco_lightning_program. The localnet emulator
 * must decode exactly this.
 *
 * @example
 * initializeMintInstruction(ids, { mint: mintKeypair.publicKey, payer, decimals: 6, mintAuthority: payer });
 */
export function initializeMintInstruction(
  ids: IncoIds,
  a: { mint: PublicKey; payer: PublicKey; decimals: number; mintAuthority: PublicKey; freezeAuthority?: PublicKey },
): TransactionInstruction {
  const freeze = a.freezeAuthority ? concatBytes(new Uint8Array([1]), a.freezeAuthority.toBytes()) : new Uint8Array([0]);
  return ix(
    ids,
    'initialize_mint',
    [w(a.mint, true), w(a.payer, true), r(SystemProgram.programId), r(ids.incoLightning)],
    new Uint8Array([a.decimals]),
    a.mintAuthority.toBytes(),
    freeze,
  );
}
