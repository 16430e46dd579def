import { PublicKey } from '@solana/web3.js';
import { decodeIdlInstruction, type BorshIdl } from './idl-borsh.codec';
import { decodeIncoTokenAccountWith, type IncoTokenAccountName } from './inco.coder';
import { INCO_LIGHTNING_IDL, type IncoLightningInstructionName } from './inco-lightning.idl';
import { INCO_TOKEN_IDL, type IncoTokenInstructionName } from './inco-token.idl';

// The Inco IDL decoders that hand back web3.js `PublicKey`s (services, tests). The browser SDK
// decodes with inco.coder.ts's `decodeIncoTokenAccountWith` and its own key type instead.
const toPublicKey = (bytes: Uint8Array): PublicKey => new PublicKey(bytes);

/** A decoded instruction: its IDL name and arguments (integers as bigint, bytes as Uint8Array). */
export interface DecodedIncoInstruction<N extends string> {
  readonly name: N;
  readonly args: Readonly<Record<string, unknown>>;
}

/**
 * Decodes IncoToken instruction data; null for an unknown discriminator or arguments that do not
 * deserialize (the program answers those with Anchor 101 / 102).
 *
 * @example
 * const ix = decodeIncoTokenInstruction(data); // { name: 'transfer', args: { ciphertext, input_type: 0 } }
 */
export function decodeIncoTokenInstruction(data: Uint8Array): DecodedIncoInstruction<IncoTokenInstructionName> | null {
  return decodeIdlInstruction(INCO_TOKEN_IDL as unknown as BorshIdl, data, toPublicKey) as DecodedIncoInstruction<IncoTokenInstructionName> | null;
}

/** Decodes Inco Lightning instruction data; null when unknown or malformed. */
export function decodeIncoLightningInstruction(data: Uint8Array): DecodedIncoInstruction<IncoLightningInstructionName> | null {
  return decodeIdlInstruction(INCO_LIGHTNING_IDL as unknown as BorshIdl, data, toPublicKey) as DecodedIncoInstruction<IncoLightningInstructionName> | null;
}

/**
 * Decodes an IncoToken account (discriminator checked; trailing padding ignored), with the IDL's
 * field names and keys as PublicKey. Throws on another account type or truncated data.
 *
 * @example
 * const fields = decodeIncoTokenAccount('IncoAccount', info.data); // { mint, owner, amount, delegate, ... }
 */
export function decodeIncoTokenAccount(name: IncoTokenAccountName, data: Uint8Array): Record<string, unknown> {
  return decodeIncoTokenAccountWith(name, data, toPublicKey);
}
