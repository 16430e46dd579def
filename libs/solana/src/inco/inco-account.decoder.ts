import type { PublicKey } from '@solana/web3.js';
import { AccountLayoutError, AccountReader, expectDiscriminator } from '../codec/account-reader.codec';
import { anchorAccountDiscriminator } from './anchor-discriminator.util';

/** Account data size the program allocates for an IncoAccount. */
export const INCO_ACCOUNT_SIZE = 221;
const INCO_ACCOUNT_DISCRIMINATOR = anchorAccountDiscriminator('IncoAccount');

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
 * Decodes IncoAccount data. The delegate COption shifts later fields: delegated_amount sits at
 * [91..107] without a delegate and [123..139] with one, so fields are read in sequence, never at fixed offsets.
 *
 * @example
 * const acct = decodeIncoAccount((await connection.getAccountInfo(ata))!.data);
 * if (!acct.delegate?.equals(facilitator)) reject('session_revoked');
 */
export function decodeIncoAccount(data: Uint8Array): IncoAccount {
  if (data.length !== INCO_ACCOUNT_SIZE) throw new AccountLayoutError(`IncoAccount is ${INCO_ACCOUNT_SIZE} bytes, got ${data.length}`);
  expectDiscriminator(data, INCO_ACCOUNT_DISCRIMINATOR, 'IncoAccount');
  const r = new AccountReader(data);
  r.bytes(8);
  const mint = r.pubkey();
  const owner = r.pubkey();
  const amountHandle = r.u128();
  const delegate = r.option(() => r.pubkey());
  const stateByte = r.u8();
  const state = STATES[stateByte];
  if (state === undefined) throw new AccountLayoutError(`IncoAccount state ${stateByte}`);
  const isNative = r.option(() => r.u64());
  const delegatedAmountHandle = r.u128();
  const closeAuthority = r.option(() => r.pubkey());
  return { mint, owner, amountHandle, delegate, state, isNative, delegatedAmountHandle, closeAuthority };
}
