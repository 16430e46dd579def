import type { PublicKey } from '@solana/web3.js';
import { anchorDecodeIncoTokenAccount, anchorEncodeIncoTokenAccount } from './anchor-inco.coder';
import { INCO_ACCOUNT_SIZE, INCO_MINT_SIZE } from './inco.config';

export enum AccountState {
  Uninitialized = 0,
  Initialized = 1,
  Frozen = 2,
}

/**
 * IncoToken's `IncoAccount`, encoded and decoded by Anchor's coder over the IncoToken IDL. Its COptions
 * are Borsh enums (1-byte tag), so fields after `delegate` move by 32 bytes when a delegate is set;
 * the account is still allocated at 221 bytes.
 */
export interface IncoAccount {
  mint: PublicKey;
  owner: PublicKey;
  /** Balance handle (Euint128). */
  amount: bigint;
  delegate: PublicKey | null;
  state: AccountState;
  isNative: bigint | null;
  /** Delegated-amount handle (Euint128). */
  delegatedAmount: bigint;
  closeAuthority: PublicKey | null;
}

export interface IncoMint {
  mintAuthority: PublicKey | null;
  /** Supply handle (Euint128). */
  supply: bigint;
  decimals: number;
  isInitialized: boolean;
  freezeAuthority: PublicKey | null;
}

const STATE_VARIANTS = ['Uninitialized', 'Initialized', 'Frozen'] as const;

export function encodeIncoAccount(a: IncoAccount): Uint8Array {
  const state = STATE_VARIANTS[a.state];
  if (state === undefined) throw new RangeError(`invalid account state ${a.state}`);
  return anchorEncodeIncoTokenAccount(
    'IncoAccount',
    {
      mint: a.mint,
      owner: a.owner,
      amount: a.amount,
      delegate: a.delegate,
      state: { [state]: {} },
      is_native: a.isNative,
      delegated_amount: a.delegatedAmount,
      close_authority: a.closeAuthority,
    },
    INCO_ACCOUNT_SIZE,
  );
}

/** Decodes an IncoAccount (discriminator checked); throws on malformed data (the caller maps it to Anchor 3003). */
export function decodeIncoAccount(data: Uint8Array): IncoAccount {
  const f = anchorDecodeIncoTokenAccount('IncoAccount', data);
  const state = STATE_VARIANTS.findIndex((name) => name in (f['state'] as object));
  if (state < 0) throw new RangeError('invalid account state');
  return {
    mint: f['mint'] as PublicKey,
    owner: f['owner'] as PublicKey,
    amount: f['amount'] as bigint,
    delegate: (f['delegate'] as PublicKey | null) ?? null,
    state: state as AccountState,
    isNative: (f['is_native'] as bigint | null) ?? null,
    delegatedAmount: f['delegated_amount'] as bigint,
    closeAuthority: (f['close_authority'] as PublicKey | null) ?? null,
  };
}

export function encodeIncoMint(m: IncoMint): Uint8Array {
  return anchorEncodeIncoTokenAccount(
    'IncoMint',
    { mint_authority: m.mintAuthority, supply: m.supply, decimals: m.decimals, is_initialized: m.isInitialized, freeze_authority: m.freezeAuthority },
    INCO_MINT_SIZE,
  );
}

export function decodeIncoMint(data: Uint8Array): IncoMint {
  const f = anchorDecodeIncoTokenAccount('IncoMint', data);
  return {
    mintAuthority: (f['mint_authority'] as PublicKey | null) ?? null,
    supply: f['supply'] as bigint,
    decimals: f['decimals'] as number,
    isInitialized: f['is_initialized'] as boolean,
    freezeAuthority: (f['freeze_authority'] as PublicKey | null) ?? null,
  };
}
