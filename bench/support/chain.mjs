// The chain side of a benchmark: dev wallets from the localnet's files, fresh funded agents, raw RPC.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** A keypair from a solana-keygen JSON file (localnet writes its dev wallets so). */
export function keypairFrom(path) {
  const { Keypair } = require('@solana/web3.js');
  return Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(path, 'utf8'))));
}

/**
 * The two dev agents, plus fresh wallets funded with SOL (airdrop) and USDC (minted by the mint
 * authority), from a localnet's `ready` info. Shared by bench/private and bench/privacy.
 */
export async function fundAgents(info, count) {
  const web3 = require('@solana/web3.js');
  const spl = require('@solana/spl-token');
  const agents = [keypairFrom(info.wallets.agent.keypairPath), keypairFrom(info.wallets.agent2.keypairPath)].slice(0, count);
  const authority = keypairFrom(info.wallets.mintAuthority.keypairPath);
  const mint = new web3.PublicKey(info.mints.usdc);
  const connection = new web3.Connection(info.endpoints.rpc, 'confirmed');
  while (agents.length < count) {
    const kp = web3.Keypair.generate();
    await connection.confirmTransaction(await connection.requestAirdrop(kp.publicKey, 10 * web3.LAMPORTS_PER_SOL), 'confirmed');
    const ata = spl.getAssociatedTokenAddressSync(mint, kp.publicKey);
    const tx = new web3.Transaction().add(
      spl.createAssociatedTokenAccountIdempotentInstruction(authority.publicKey, ata, kp.publicKey, mint),
      spl.createMintToInstruction(mint, ata, authority.publicKey, 1_000_000_000n),
    );
    await web3.sendAndConfirmTransaction(connection, tx, [authority], { commitment: 'confirmed' });
    agents.push(kp);
  }
  return { agents, connection };
}

export async function rpcCall(url, method, params = []) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const json = await res.json();
  if (json.error) throw new Error(`${method}: ${json.error.message}`);
  return json.result;
}
