/**
 * What the module does once the chain is up: the confidential USDC mint (6 decimals, internal
 * authority), IncoToken accounts for the dev wallets, and initial balances, all through real
 * signed transactions so the chain's history looks like a devnet deployment's.
 */
import { AMOUNT_PLAINTEXT_DIGITS } from '@quietpay/solana';
import { Transaction } from '@solana/web3.js';
import type { Keypair, PublicKey, TransactionInstruction } from '@solana/web3.js';
import type { LocalChain, LocalnetEnv } from '../emulation/types';
import { u128ToLe } from './borsh.codec';
import type { IncoKeys } from './covalidator.keys';
import { eciesEncrypt } from './ecies.crypto';
import { HandleStore } from './handle.store';
import { decodeIncoAccount } from './inco-account.layout';
import { allowanceAddress, incoTokenAccountAddress } from './inco-pda.util';
import type { IncoProgramIds } from './inco-token.instructions';
import { createIdempotentIx, initializeMintIx, mintToIx } from './inco-token.instructions';

export interface BootstrapPlan {
  decimals: number;
  accountRoles: readonly string[];
  initialBalances: Record<string, bigint>;
  authorityAirdropLamports: bigint;
}

async function send(chain: LocalChain, payer: Keypair, ixs: TransactionInstruction[], extraSigners: Keypair[] = []): Promise<string> {
  const tx = new Transaction({ feePayer: payer.publicKey, recentBlockhash: chain.latestBlockhash().blockhash });
  tx.add(...ixs);
  tx.sign(payer, ...extraSigners);
  return chain.sendTransaction(tx);
}

export async function bootstrapInco(chain: LocalChain, env: LocalnetEnv, keys: IncoKeys, ids: IncoProgramIds, plan: BootstrapPlan): Promise<void> {
  const authority = keys.mintAuthority;
  const mint = keys.mint.publicKey;
  if (!chain.getAccount(mint)) {
    await chain.airdrop(authority.publicKey, plan.authorityAirdropLamports);
    await send(chain, authority, [initializeMintIx(ids, mint, authority.publicKey, plan.decimals, authority.publicKey)], [keys.mint]);
  }

  const wallets = plan.accountRoles.flatMap((role) => {
    const kp = env.wallets[role];
    return kp ? [{ role, wallet: kp.publicKey, account: incoTokenAccountAddress(kp.publicKey, mint, ids.incoToken) }] : [];
  });
  const fresh = wallets.filter((w) => !chain.getAccount(w.account));
  if (fresh.length > 0) {
    await send(
      chain,
      authority,
      fresh.map((w) => createIdempotentIx(ids, authority.publicKey, w.account, w.wallet, mint)),
    );
  }

  // Only accounts created now get their initial balance, so a persisted chain is not topped up on restart.
  for (const w of fresh) {
    const amount = plan.initialBalances[w.role];
    if (amount === undefined || amount === 0n) continue;
    await mintInitial(chain, keys, ids, { mint, account: w.account, owner: w.wallet, amount });
  }
}

/**
 * Handles are deterministic, so the module can compute the new balance handle (and its allowance
 * PDA) itself; outside clients learn it by simulating first.
 */
async function mintInitial(
  chain: LocalChain,
  keys: IncoKeys,
  ids: IncoProgramIds,
  a: { mint: PublicKey; account: PublicKey; owner: PublicKey; amount: bigint },
): Promise<void> {
  const current = chain.getAccount(a.account);
  if (!current) throw new Error(`inco bootstrap: token account ${a.account.toBase58()} missing after create`);
  const oldBalance = decodeIncoAccount(current.data).amount;
  // Fixed width, as quietpay encrypts every amount: the initial balances' digit count stays hidden too.
  const ciphertext = eciesEncrypt(keys.teePublicKey, new TextEncoder().encode(a.amount.toString().padStart(AMOUNT_PLAINTEXT_DIGITS, '0')));
  const amountHandle = HandleStore.derive('new_euint128', Uint8Array.of(0), ciphertext);
  const newBalance = HandleStore.derive('e_add', u128ToLe(oldBalance), u128ToLe(amountHandle));
  const [pda] = allowanceAddress(newBalance, a.owner, ids.incoLightning);
  const ix = mintToIx(ids, { mint: a.mint, account: a.account, authority: keys.mintAuthority.publicKey, ciphertext, allowance: { pda, owner: a.owner } });
  await send(chain, keys.mintAuthority, [ix]);
}
