import { Keypair, LAMPORTS_PER_SOL, SystemProgram, Transaction, type PublicKey } from '@solana/web3.js';
import {
  MINT_SIZE,
  TOKEN_PROGRAM_ID,
  createAssociatedTokenAccountIdempotentInstruction,
  createInitializeMint2Instruction,
  createMintToInstruction,
  getAssociatedTokenAddressSync,
} from '@solana/spl-token';
import type { LocalChain } from '../emulation/types';

/**
 * Chain-side setup shared by the MagicBlock integration tests: a 6-decimals mint and funded
 * wallets created with real transactions, as the core does for LocalnetEnv.
 */
export async function createUsdcMint(chain: LocalChain, authority: Keypair): Promise<PublicKey> {
  const mint = Keypair.generate();
  const tx = new Transaction({ feePayer: authority.publicKey, ...chain.latestBlockhash() }).add(
    SystemProgram.createAccount({
      fromPubkey: authority.publicKey,
      newAccountPubkey: mint.publicKey,
      lamports: 1_461_600,
      space: MINT_SIZE,
      programId: TOKEN_PROGRAM_ID,
    }),
    createInitializeMint2Instruction(mint.publicKey, 6, authority.publicKey, null),
  );
  tx.sign(authority, mint);
  await chain.sendTransaction(tx);
  return mint.publicKey;
}

export async function fundedWallet(chain: LocalChain, mint: PublicKey, authority: Keypair, tokens: bigint): Promise<Keypair> {
  const wallet = Keypair.generate();
  await chain.airdrop(wallet.publicKey, BigInt(10 * LAMPORTS_PER_SOL));
  if (tokens > 0n) {
    const ata = getAssociatedTokenAddressSync(mint, wallet.publicKey);
    const tx = new Transaction({ feePayer: authority.publicKey, ...chain.latestBlockhash() }).add(
      createAssociatedTokenAccountIdempotentInstruction(authority.publicKey, ata, wallet.publicKey, mint),
      createMintToInstruction(mint, ata, authority.publicKey, tokens),
    );
    tx.sign(authority);
    await chain.sendTransaction(tx);
  }
  return wallet;
}
