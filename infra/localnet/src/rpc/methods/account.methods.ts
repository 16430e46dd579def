import { PublicKey } from '@solana/web3.js';
import bs58 from 'bs58';
import { Buffer } from 'node:buffer';
import {
  isMintData,
  isTokenAccountData,
  readMint,
  readTokenAccount,
  TOKEN_2022_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
  uiTokenAmount,
} from '../../chain/spl-token.layout';
import type { EmulatedAccount } from '../../emulation/types';
import { ACCOUNT_ENCODINGS, encodeAccount, parseDataSlice, type AccountEncoding } from '../account.encoder';
import { Params, type Config } from '../params.parser';
import { invalidParams } from '../rpc-error';
import { withContext, type RpcContext, type RpcHandler } from '../rpc-context';

export function mintDecimalsReader(ctx: RpcContext): (mint: string) => number {
  return (mint) => {
    const acc = ctx.chain.getAccount(new PublicKey(mint));
    return acc !== null && isMintData(acc.owner.toBase58(), acc.data) ? readMint(acc.data).decimals : 0;
  };
}

function encodingOf(config: Config): AccountEncoding {
  return config.oneOf('encoding', ACCOUNT_ENCODINGS, 'base58');
}

export function renderAccount(ctx: RpcContext, acc: EmulatedAccount | null, config: Config): unknown {
  if (acc === null) return null;
  return encodeAccount(acc, encodingOf(config), mintDecimalsReader(ctx), parseDataSlice(config.raw('dataSlice')));
}

type Filter = { dataSize: number } | { memcmp: { offset: number; bytes: Uint8Array } };

function parseFilters(raw: unknown): Filter[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.length > 4) throw invalidParams('filters must be an array of at most 4 filters');
  return raw.map((f: unknown): Filter => {
    if (typeof f !== 'object' || f === null) throw invalidParams('bad filter');
    const o = f as Record<string, unknown>;
    if (typeof o['dataSize'] === 'number') return { dataSize: o['dataSize'] };
    const m = o['memcmp'];
    if (typeof m === 'object' && m !== null) {
      const { offset, bytes, encoding } = m as Record<string, unknown>;
      if (typeof offset !== 'number' || offset < 0 || typeof bytes !== 'string') throw invalidParams('bad memcmp filter');
      try {
        const decoded = encoding === 'base64' ? Buffer.from(bytes, 'base64') : bs58.decode(bytes);
        return { memcmp: { offset, bytes: decoded } };
      } catch {
        throw invalidParams('bad memcmp bytes');
      }
    }
    throw invalidParams('unknown filter');
  });
}

function matches(data: Uint8Array, filters: Filter[]): boolean {
  return filters.every((f) => {
    if ('dataSize' in f) return data.length === f.dataSize;
    const { offset, bytes } = f.memcmp;
    if (offset + bytes.length > data.length) return false;
    for (let i = 0; i < bytes.length; i++) if (data[offset + i] !== bytes[i]) return false;
    return true;
  });
}

function programAccounts(ctx: RpcContext, programId: PublicKey, filters: Filter[]): { pubkey: PublicKey; account: EmulatedAccount }[] {
  return ctx.chain.svm
    .getProgramAccounts(programId.toBytes())
    .map((a) => {
      const acc = a.account();
      return { pubkey: new PublicKey(a.address), account: { lamports: acc.lamports(), owner: programId, data: acc.data(), executable: acc.executable() } };
    })
    .filter((a) => matches(a.account.data, filters));
}

function tokenAccountsBy(ctx: RpcContext, p: Params, field: 'owner' | 'delegate'): unknown {
  const who = p.pubkey(0).toBase58();
  const sel = p.raw(1);
  if (typeof sel !== 'object' || sel === null) throw invalidParams('expected {mint} or {programId}');
  const s = sel as Record<string, unknown>;
  let programs = [TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID];
  let mint: string | undefined;
  if (typeof s['mint'] === 'string') mint = new PublicKey(s['mint']).toBase58();
  else if (typeof s['programId'] === 'string') {
    if (!programs.includes(s['programId'])) throw invalidParams('unrecognized token program id');
    programs = [s['programId']];
  } else throw invalidParams('expected {mint} or {programId}');
  const config = p.config(2);
  const out: unknown[] = [];
  for (const program of programs) {
    for (const { pubkey, account } of programAccounts(ctx, new PublicKey(program), [])) {
      if (!isTokenAccountData(program, account.data)) continue;
      const t = readTokenAccount(account.data);
      const holder = field === 'owner' ? t.owner : t.delegate;
      if (holder !== who || (mint !== undefined && t.mint !== mint)) continue;
      out.push({ pubkey: pubkey.toBase58(), account: renderAccount(ctx, account, config) });
    }
  }
  return withContext(ctx, out);
}

export const accountMethods: Record<string, RpcHandler> = {
  getAccountInfo: (p, ctx) => withContext(ctx, renderAccount(ctx, ctx.chain.getAccount(p.pubkey(0)), p.config(1))),
  getMultipleAccounts: (p, ctx) => {
    const list = p.array(0, 'an array of public keys');
    if (list.length > 100) throw invalidParams('Too many inputs provided; max 100');
    const config = p.config(1);
    const keys = new Params(list);
    return withContext(
      ctx,
      list.map((_, i) => renderAccount(ctx, ctx.chain.getAccount(keys.pubkey(i)), config)),
    );
  },
  getBalance: (p, ctx) => withContext(ctx, Number(ctx.chain.getAccount(p.pubkey(0))?.lamports ?? 0n)),
  getTokenAccountBalance: (p, ctx) => {
    const acc = ctx.chain.getAccount(p.pubkey(0));
    if (acc === null || !isTokenAccountData(acc.owner.toBase58(), acc.data)) throw invalidParams('Invalid param: not a Token account');
    const t = readTokenAccount(acc.data);
    return withContext(ctx, uiTokenAmount(t.amount, mintDecimalsReader(ctx)(t.mint)));
  },
  getTokenSupply: (p, ctx) => {
    const acc = ctx.chain.getAccount(p.pubkey(0));
    if (acc === null || !isMintData(acc.owner.toBase58(), acc.data)) throw invalidParams('Invalid param: not a Token mint');
    const m = readMint(acc.data);
    return withContext(ctx, uiTokenAmount(m.supply, m.decimals));
  },
  getTokenAccountsByOwner: (p, ctx) => tokenAccountsBy(ctx, p, 'owner'),
  getTokenAccountsByDelegate: (p, ctx) => tokenAccountsBy(ctx, p, 'delegate'),
  getProgramAccounts: (p, ctx) => {
    const programId = p.pubkey(0);
    const config = p.config(1);
    const found = programAccounts(ctx, programId, parseFilters(config.raw('filters')));
    const list = found.map(({ pubkey, account }) => ({ pubkey: pubkey.toBase58(), account: renderAccount(ctx, account, config) }));
    return config.bool('withContext', false) ? withContext(ctx, list) : list;
  },
  getMinimumBalanceForRentExemption: (p, ctx) => {
    const len = p.raw(0) === undefined ? 0 : p.uint(0, 'a data length');
    if (len > 10 * 1024 * 1024) throw invalidParams('data length too large');
    return Number(ctx.chain.svm.minimumBalanceForRentExemption(BigInt(len)));
  },
};
