import type { PublicKey } from '@solana/web3.js';
import type { EmulatedAccount } from '../emulation/types';
import { isMintData, isTokenAccountData, readMint, readTokenAccount } from './spl-token.layout';
import type { TokenBalanceRecord } from './tx-record';

export interface BalanceSnapshot {
  lamports: number[];
  tokens: TokenBalanceRecord[];
}

/** Lamports and SPL token balances of every key, as meta.pre/postBalances and pre/postTokenBalances show them. */
export function snapshotBalances(
  keys: PublicKey[],
  read: (address: PublicKey) => EmulatedAccount | null,
  readMintByAddress: (mint: string) => EmulatedAccount | null,
): BalanceSnapshot {
  const lamports: number[] = [];
  const tokens: TokenBalanceRecord[] = [];
  keys.forEach((key, accountIndex) => {
    const acc = read(key);
    lamports.push(acc === null ? 0 : Number(acc.lamports));
    if (acc === null) return;
    const programId = acc.owner.toBase58();
    if (!isTokenAccountData(programId, acc.data)) return;
    const view = readTokenAccount(acc.data);
    const mint = readMintByAddress(view.mint);
    const decimals = mint !== null && isMintData(mint.owner.toBase58(), mint.data) ? readMint(mint.data).decimals : 0;
    tokens.push({ accountIndex, mint: view.mint, owner: view.owner, programId, amount: view.amount.toString(), decimals });
  });
  return { lamports, tokens };
}
