import { PublicKey } from '@solana/web3.js';
import bs58 from 'bs58';

export const TOKEN_PROGRAM_ID = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';
export const TOKEN_2022_PROGRAM_ID = 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb';

export function isTokenProgram(owner: string): boolean {
  return owner === TOKEN_PROGRAM_ID || owner === TOKEN_2022_PROGRAM_ID;
}

export interface TokenAccountView {
  mint: string;
  owner: string;
  amount: bigint;
  delegate: string | null;
  state: 'uninitialized' | 'initialized' | 'frozen';
  isNative: boolean;
  delegatedAmount: bigint;
}

export interface MintView {
  mintAuthority: string | null;
  supply: bigint;
  decimals: number;
  isInitialized: boolean;
  freezeAuthority: string | null;
}

const ACCOUNT_LEN = 165;
const MINT_LEN = 82;
// Token-2022 puts an account-type byte after the base layout (1 = mint, 2 = account).
const ACCOUNT_TYPE_OFFSET = 165;

function key(data: Uint8Array, at: number): string {
  return bs58.encode(data.subarray(at, at + 32));
}

function u64(data: Uint8Array, at: number): bigint {
  return new DataView(data.buffer, data.byteOffset, data.byteLength).getBigUint64(at, true);
}

function optionKey(data: Uint8Array, at: number): string | null {
  return data[at] === 1 ? key(data, at + 4) : null;
}

export function isTokenAccountData(owner: string, data: Uint8Array): boolean {
  if (!isTokenProgram(owner)) return false;
  if (data.length === ACCOUNT_LEN) return true;
  return owner === TOKEN_2022_PROGRAM_ID && data.length > ACCOUNT_LEN && data[ACCOUNT_TYPE_OFFSET] === 2;
}

export function isMintData(owner: string, data: Uint8Array): boolean {
  if (!isTokenProgram(owner)) return false;
  if (data.length === MINT_LEN) return true;
  return owner === TOKEN_2022_PROGRAM_ID && data.length > ACCOUNT_LEN && data[ACCOUNT_TYPE_OFFSET] === 1;
}

export function readTokenAccount(data: Uint8Array): TokenAccountView {
  const stateByte = data[108];
  return {
    mint: key(data, 0),
    owner: key(data, 32),
    amount: u64(data, 64),
    delegate: optionKey(data, 72),
    state: stateByte === 2 ? 'frozen' : stateByte === 1 ? 'initialized' : 'uninitialized',
    isNative: data[109] === 1,
    delegatedAmount: u64(data, 121),
  };
}

export function readMint(data: Uint8Array): MintView {
  return {
    mintAuthority: optionKey(data, 0),
    supply: u64(data, 36),
    decimals: data[44] ?? 0,
    isInitialized: data[45] === 1,
    freezeAuthority: optionKey(data, 46),
  };
}

export function uiTokenAmount(
  amount: bigint,
  decimals: number,
): {
  amount: string;
  decimals: number;
  uiAmount: number;
  uiAmountString: string;
} {
  const s = amount.toString().padStart(decimals + 1, '0');
  const whole = s.slice(0, s.length - decimals);
  const frac = s.slice(s.length - decimals).replace(/0+$/, '');
  const uiAmountString = frac.length > 0 ? `${whole}.${frac}` : whole;
  return { amount: amount.toString(), decimals, uiAmount: Number(uiAmountString), uiAmountString };
}

export function toPublicKey(value: string): PublicKey {
  return new PublicKey(value);
}
