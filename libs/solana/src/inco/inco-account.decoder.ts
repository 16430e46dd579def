import type { PublicKey } from '@solana/web3.js';
import { AccountLayoutError } from '../codec/account-layout.error';
import { decodeIncoTokenAccount } from './idl/inco.decoders';
import { INCO_ACCOUNT_SIZE } from './inco-account.size';

export { INCO_ACCOUNT_SIZE };

/** Token account state, as in SPL Token. */
export type IncoAccountState = 'uninitialized' | 'initialized' | 'frozen';
const STATES: readonly IncoAccountState[] = ['uninitialized', 'initialized', 'frozen'];

/** A decoded IncoToken account. Amounts are Inco handles (u128), not values: decrypt to read them. */
export interface IncoAccount {
  readonly mint: PublicKey;
  readonly owner: PublicKey;
  readonly amountHandle: bigint;
  readonly delegate: PublicKey | null;
  readonly state: IncoAccountState;
  readonly isNative: bigint | null;
  readonly delegatedAmountHandle: bigint;
  readonly closeAuthority: PublicKey | null;
}

/**
 * Decodes IncoAccount data with the IDL (idl/inco-token.idl.ts). The delegate COption shifts later
 * fields: delegated_amount sits at [91..107] without a delegate and [123..139] with one, so fields
 * are read in sequence (Borsh), never at fixed offsets.
 *
 * @example
 * const acct = decodeIncoAccount((await connection.getAccountInfo(ata))!.data);
 * if (!acct.delegate?.equals(facilitator)) reject('session_revoked');
 */
export function decodeIncoAccount(data: Uint8Array): IncoAccount {
  if (data.length !== INCO_ACCOUNT_SIZE) throw new AccountLayoutError(`IncoAccount is ${INCO_ACCOUNT_SIZE} bytes, got ${data.length}`);
  const f = decodeWithIdl(data);
  const state = STATES.find((name) => stateVariant(name) in (f['state'] as object));
  if (state === undefined) throw new AccountLayoutError('IncoAccount state is not a known variant');
  return {
    mint: f['mint'] as PublicKey,
    owner: f['owner'] as PublicKey,
    amountHandle: f['amount'] as bigint,
    delegate: (f['delegate'] as PublicKey | null) ?? null,
    state,
    isNative: (f['is_native'] as bigint | null) ?? null,
    delegatedAmountHandle: f['delegated_amount'] as bigint,
    closeAuthority: (f['close_authority'] as PublicKey | null) ?? null,
  };
}

// The IDL's enum variants are PascalCase (`Initialized`); the decoded state keeps quietpay's names.
const stateVariant = (state: IncoAccountState): string => state.charAt(0).toUpperCase() + state.slice(1);

/** The IDL decode (discriminator checked by Anchor), with its errors as AccountLayoutError. */
function decodeWithIdl(data: Uint8Array): Record<string, unknown> {
  try {
    return decodeIncoTokenAccount('IncoAccount', data);
  } catch (error) {
    throw new AccountLayoutError(`IncoAccount does not decode: ${error instanceof Error ? error.message : String(error)}`);
  }
}
