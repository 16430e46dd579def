import {
  createAssociatedTokenAccountIdempotentInstruction,
  createInitializeMint2Instruction,
  createMintToInstruction,
  getAssociatedTokenAddressSync,
  MINT_SIZE,
  TOKEN_PROGRAM_ID,
} from '@solana/spl-token';
import { SystemProgram, Transaction, type Keypair, type TransactionInstruction } from '@solana/web3.js';
import type { LocalChainCore } from '../chain/local-chain';

export const USDC_DECIMALS = 6;
const SOL_PER_WALLET = 1_000n * 1_000_000_000n;
const USDC_PER_WALLET = 1_000n * 1_000_000n;

async function send(chain: LocalChainCore, payer: Keypair, ixs: TransactionInstruction[], signers: Keypair[]): Promise<void> {
  const tx = new Transaction({ feePayer: payer.publicKey, ...chain.latestBlockhash() }).add(...ixs);
  tx.sign(payer, ...signers);
  await chain.sendTransaction(tx);
}

/**
 * Funds the dev wallets with SOL and creates the SPL "USDC" mint at a stable address with
 * 1,000 USDC in each wallet's ATA (mintAuthority excepted). Idempotent for a restored chain.
 */
export async function setUpUsdc(chain: LocalChainCore, wallets: Record<string, Keypair>, mint: Keypair): Promise<void> {
  for (const kp of Object.values(wallets)) {
    const bal = chain.getAccount(kp.publicKey)?.lamports ?? 0n;
    if (bal < SOL_PER_WALLET / 2n) await chain.airdrop(kp.publicKey, SOL_PER_WALLET - bal);
  }
  const authority = wallets['mintAuthority'];
  if (authority === undefined) throw new Error('mintAuthority wallet missing');
  if (chain.getAccount(mint.publicKey) === null) {
    const rent = Number(chain.svm.minimumBalanceForRentExemption(BigInt(MINT_SIZE)));
    await send(
      chain,
      authority,
      [
        SystemProgram.createAccount({
          fromPubkey: authority.publicKey,
          newAccountPubkey: mint.publicKey,
          lamports: rent,
          space: MINT_SIZE,
          programId: TOKEN_PROGRAM_ID,
        }),
        createInitializeMint2Instruction(mint.publicKey, USDC_DECIMALS, authority.publicKey, null),
      ],
      [mint],
    );
  }
  for (const [role, kp] of Object.entries(wallets)) {
    if (role === 'mintAuthority') continue;
    const ata = getAssociatedTokenAddressSync(mint.publicKey, kp.publicKey);
    if (chain.getAccount(ata) !== null) continue;
    await send(
      chain,
      authority,
      [
        createAssociatedTokenAccountIdempotentInstruction(authority.publicKey, ata, kp.publicKey, mint.publicKey),
        createMintToInstruction(mint.publicKey, ata, authority.publicKey, USDC_PER_WALLET),
      ],
      [],
    );
  }
}
