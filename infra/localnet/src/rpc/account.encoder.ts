import bs58 from 'bs58';
import { Buffer } from 'node:buffer';
import type { EmulatedAccount } from '../emulation/types';
import { isMintData, isTokenAccountData, readMint, readTokenAccount, uiTokenAmount } from '../chain/spl-token.layout';
import { invalidParams } from './rpc-error';

export type AccountEncoding = 'base64' | 'base58' | 'base64+zstd' | 'jsonParsed';
export const ACCOUNT_ENCODINGS = ['base64', 'base58', 'base64+zstd', 'jsonParsed'] as const;

export interface DataSlice {
  offset: number;
  length: number;
}

export function parseDataSlice(raw: unknown): DataSlice | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object') throw invalidParams('dataSlice must be an object');
  const { offset, length } = raw as Record<string, unknown>;
  if (typeof offset !== 'number' || typeof length !== 'number' || offset < 0 || length < 0) {
    throw invalidParams('dataSlice needs non-negative offset and length');
  }
  return { offset, length };
}

function parsedToken(acc: EmulatedAccount, mintDecimals: (mint: string) => number): { program: string; parsed: unknown; space: number } | null {
  const owner = acc.owner.toBase58();
  const program = owner.startsWith('Tokenz') ? 'spl-token-2022' : 'spl-token';
  if (isTokenAccountData(owner, acc.data)) {
    const t = readTokenAccount(acc.data);
    const decimals = mintDecimals(t.mint);
    return {
      program,
      space: acc.data.length,
      parsed: {
        type: 'account',
        info: {
          mint: t.mint,
          owner: t.owner,
          tokenAmount: uiTokenAmount(t.amount, decimals),
          state: t.state,
          isNative: t.isNative,
          ...(t.delegate !== null ? { delegate: t.delegate, delegatedAmount: uiTokenAmount(t.delegatedAmount, decimals) } : {}),
        },
      },
    };
  }
  if (isMintData(owner, acc.data)) {
    const m = readMint(acc.data);
    return {
      program,
      space: acc.data.length,
      parsed: {
        type: 'mint',
        info: {
          mintAuthority: m.mintAuthority,
          supply: m.supply.toString(),
          decimals: m.decimals,
          isInitialized: m.isInitialized,
          freezeAuthority: m.freezeAuthority,
        },
      },
    };
  }
  return null;
}

/** An account as getAccountInfo renders it. */
export function encodeAccount(
  acc: EmulatedAccount,
  encoding: AccountEncoding,
  mintDecimals: (mint: string) => number,
  slice?: DataSlice,
): Record<string, unknown> {
  const base = {
    lamports: Number(acc.lamports),
    owner: acc.owner.toBase58(),
    executable: acc.executable,
    rentEpoch: Number.MAX_SAFE_INTEGER,
    space: acc.data.length,
  };
  if (encoding === 'jsonParsed') {
    const parsed = parsedToken(acc, mintDecimals);
    if (parsed !== null) return { ...base, data: parsed };
    return { ...base, data: [Buffer.from(acc.data).toString('base64'), 'base64'] };
  }
  const data = slice === undefined ? acc.data : acc.data.subarray(slice.offset, slice.offset + slice.length);
  if (encoding === 'base58') {
    if (data.length > 128) throw invalidParams('Encoded binary (base 58) data should be less than 128 bytes, please use Base64 encoding.');
    return { ...base, data: [bs58.encode(data), 'base58'] };
  }
  if (encoding === 'base64+zstd') throw invalidParams('base64+zstd encoding is not supported by localnet');
  return { ...base, data: [Buffer.from(data).toString('base64'), 'base64'] };
}
