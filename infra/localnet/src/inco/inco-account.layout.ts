import type { PublicKey } from '@solana/web3.js';
import { BorshReader, BorshWriter } from './borsh.codec';
import { INCO_ACCOUNT_SIZE, INCO_MINT_SIZE } from './inco.config';
import { INCO_ACCOUNT_DISCRIMINATOR, INCO_MINT_DISCRIMINATOR } from './inco-token.discriminators';

export enum AccountState {
  Uninitialized = 0,
  Initialized = 1,
  Frozen = 2,
}

/**
 * IncoToken's `IncoAccount`. Its COptions are Borsh enums (1-byte tag), so fields after `delegate`
 * move by 32 bytes when a delegate is set; the account is still allocated at 221 bytes.
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

export function encodeIncoAccount(a: IncoAccount): Uint8Array {
  const w = new BorshWriter(INCO_ACCOUNT_SIZE);
  w.raw(INCO_ACCOUNT_DISCRIMINATOR).pubkey(a.mint).pubkey(a.owner).u128(a.amount);
  w.option(a.delegate, (k) => w.pubkey(k));
  w.u8(a.state);
  w.option(a.isNative, (v) => w.u64(v));
  w.u128(a.delegatedAmount);
  w.option(a.closeAuthority, (k) => w.pubkey(k));
  return w.bytes;
}

/** Decodes the fields after the discriminator (the caller has checked the discriminator). */
export function decodeIncoAccount(data: Uint8Array): IncoAccount {
  const r = new BorshReader(data, 8);
  const mint = r.pubkey();
  const owner = r.pubkey();
  const amount = r.u128();
  const delegate = r.option(() => r.pubkey());
  const state = r.u8();
  if (state > AccountState.Frozen) throw new RangeError(`invalid account state ${state}`);
  const isNative = r.option(() => r.u64());
  const delegatedAmount = r.u128();
  const closeAuthority = r.option(() => r.pubkey());
  return { mint, owner, amount, delegate, state, isNative, delegatedAmount, closeAuthority };
}

export function encodeIncoMint(m: IncoMint): Uint8Array {
  const w = new BorshWriter(INCO_MINT_SIZE);
  w.raw(INCO_MINT_DISCRIMINATOR);
  w.option(m.mintAuthority, (k) => w.pubkey(k));
  w.u128(m.supply).u8(m.decimals).u8(m.isInitialized ? 1 : 0);
  w.option(m.freezeAuthority, (k) => w.pubkey(k));
  return w.bytes;
}

export function decodeIncoMint(data: Uint8Array): IncoMint {
  const r = new BorshReader(data, 8);
  const mintAuthority = r.option(() => r.pubkey());
  const supply = r.u128();
  const decimals = r.u8();
  const isInitialized = r.bool();
  const freezeAuthority = r.option(() => r.pubkey());
  return { mintAuthority, supply, decimals, isInitialized, freezeAuthority };
}
