import { createIdempotentInstruction, encryptAmountForTee, incoTokenAccountAddress, transferInstruction } from '@quietpay/solana';
import { Keypair, LAMPORTS_PER_SOL, PublicKey, sendAndConfirmTransaction, Transaction } from '@solana/web3.js';
import type { SessionStack } from './session-stack';

/**
 * `count` fresh payer wallets, each with SOL (airdrop: a payer signs its own approve) and an
 * IncoToken account holding `amount` base units, moved there from agent2. Distinct payers mean
 * distinct source accounts: what makes their transfers race on a shared recipient.
 *
 * @example
 * const payers = await fundedPayers(stack, 16, 1_000_000n);
 */
export async function fundedPayers(stack: SessionStack, count: number, amount: bigint): Promise<Keypair[]> {
  const { connection, inco } = stack;
  const ids = { incoToken: new PublicKey(inco.incoTokenProgramId), incoLightning: new PublicKey(inco.incoLightningProgramId) };
  const mint = new PublicKey(inco.mint);
  const funder = stack.wallets.agent2;
  const source = incoTokenAccountAddress(ids, funder.publicKey, mint);
  const wallets = Array.from({ length: count }, () => Keypair.generate());
  await Promise.all(wallets.map(async (kp) => connection.confirmTransaction(await connection.requestAirdrop(kp.publicKey, 2 * LAMPORTS_PER_SOL), 'confirmed')));
  // One after another: each transfer spends agent2's latest balance handle.
  for (const kp of wallets) {
    const destination = incoTokenAccountAddress(ids, kp.publicKey, mint);
    const ciphertext = await encryptAmountForTee(amount, inco.teePublicKey);
    const tx = new Transaction().add(
      createIdempotentInstruction(ids, { payer: funder.publicKey, associatedToken: destination, wallet: kp.publicKey, mint }),
      transferInstruction(ids, { source, destination, authority: funder.publicKey, ciphertext }),
    );
    await sendAndConfirmTransaction(connection, tx, [funder], { commitment: 'confirmed' });
  }
  return wallets;
}
