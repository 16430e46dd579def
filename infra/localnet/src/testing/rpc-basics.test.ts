import { createTransferCheckedInstruction, getAssociatedTokenAddressSync } from '@solana/spl-token';
import { Connection, Ed25519Program, Keypair, LAMPORTS_PER_SOL, PublicKey, SystemProgram, Transaction, sendAndConfirmTransaction } from '@solana/web3.js';
import bs58 from 'bs58';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningLocalnet } from '../index';
import { rpc, startTestLocalnet, waitConfirmed, walletOf } from './localnet.fixture';

let net: RunningLocalnet;
let connection: Connection;

beforeAll(async () => {
  net = await startTestLocalnet();
  connection = new Connection(net.endpoints.rpc, 'confirmed');
});
afterAll(async () => {
  await net.stop();
});

describe('localnet JSON-RPC with web3.js Connection', () => {
  it('airdrops SOL that getBalance then reports', async () => {
    const who = Keypair.generate().publicKey;
    const sig = await connection.requestAirdrop(who, 2 * LAMPORTS_PER_SOL);
    await waitConfirmed(connection, sig);
    expect(await connection.getBalance(who)).toBe(2 * LAMPORTS_PER_SOL);
  });

  it('moves USDC with correct pre/post token balances and fee', async () => {
    const agent = walletOf(net, 'agent');
    const merchant = new PublicKey(net.wallets['merchant']!.publicKey);
    const mint = new PublicKey(net.mints.usdc);
    const from = getAssociatedTokenAddressSync(mint, agent.publicKey);
    const to = getAssociatedTokenAddressSync(mint, merchant);
    const before = await connection.getTokenAccountBalance(to);
    const tx = new Transaction().add(createTransferCheckedInstruction(from, mint, to, agent.publicKey, 1_250_000n, 6));
    const sig = await sendAndConfirmTransaction(connection, tx, [agent]);
    const after = await connection.getTokenAccountBalance(to);
    expect(BigInt(after.value.amount) - BigInt(before.value.amount)).toBe(1_250_000n);

    const got = await connection.getTransaction(sig, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
    expect(got?.meta?.err).toBeNull();
    expect(got?.meta?.fee).toBe(5000);
    const keys = got!.transaction.message.staticAccountKeys.map((k) => k.toBase58());
    const toIndex = keys.indexOf(to.toBase58());
    const pre = got!.meta!.preTokenBalances!.find((b) => b.accountIndex === toIndex);
    const post = got!.meta!.postTokenBalances!.find((b) => b.accountIndex === toIndex);
    expect(BigInt(post!.uiTokenAmount.amount) - BigInt(pre!.uiTokenAmount.amount)).toBe(1_250_000n);
    expect(post!.owner).toBe(merchant.toBase58());
    expect(post!.mint).toBe(mint.toBase58());
    const payerIndex = keys.indexOf(agent.publicKey.toBase58());
    expect(got!.meta!.preBalances[payerIndex]! - got!.meta!.postBalances[payerIndex]!).toBe(5000);

    const parsed = await connection.getParsedTransaction(sig, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
    expect(parsed?.transaction.message.accountKeys.some((k) => k.pubkey.equals(to) && k.writable)).toBe(true);
    const owned = await connection.getParsedTokenAccountsByOwner(merchant, { mint });
    expect(owned.value[0]?.pubkey.equals(to)).toBe(true);
  });

  it('pages getSignaturesForAddress newest first with before/until', async () => {
    const payer = walletOf(net, 'agent2');
    const target = Keypair.generate().publicKey;
    const sigs: string[] = [];
    for (let i = 0; i < 5; i++) {
      const tx = new Transaction().add(SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: target, lamports: 1_000_000 + i }));
      sigs.push(await sendAndConfirmTransaction(connection, tx, [payer]));
    }
    const all = await connection.getSignaturesForAddress(target);
    expect(all.map((s) => s.signature)).toEqual([...sigs].reverse());
    const page = await connection.getSignaturesForAddress(target, { before: sigs[3], limit: 2 });
    expect(page.map((s) => s.signature)).toEqual([sigs[2], sigs[1]]);
    const tail = await connection.getSignaturesForAddress(target, { until: sigs[1] });
    expect(tail.map((s) => s.signature)).toEqual([sigs[4], sigs[3], sigs[2]]);
  });

  it('rejects an expired blockhash, a duplicate and a bad signature as a validator does', async () => {
    const payer = walletOf(net, 'facilitator');
    const old = await connection.getLatestBlockhash();
    for (let i = 0; i < 152; i++) net.chain.advanceSlot();
    expect((await connection.isBlockhashValid(old.blockhash)).value).toBe(false);
    const stale = new Transaction({ feePayer: payer.publicKey, ...old }).add(
      SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 5000 }),
    );
    stale.sign(payer);
    const staleRes = await rpc(net.endpoints.rpc, 'sendTransaction', [stale.serialize().toString('base64'), { encoding: 'base64' }]);
    expect(staleRes.error?.code).toBe(-32002);
    expect(staleRes.error?.message).toContain('Blockhash not found');

    const fresh = await connection.getLatestBlockhash();
    const ok = new Transaction({ feePayer: payer.publicKey, ...fresh }).add(
      SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 1_000_000 }),
    );
    ok.sign(payer);
    const wire = ok.serialize();
    await connection.sendRawTransaction(wire);
    const dup = await rpc(net.endpoints.rpc, 'sendTransaction', [wire.toString('base64'), { encoding: 'base64' }]);
    expect(dup.error?.code).toBe(-32002);
    expect((dup.error?.data as { err: unknown }).err).toBe('AlreadyProcessed');

    const tampered = new Transaction({ feePayer: payer.publicKey, ...fresh }).add(
      SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 7 }),
    );
    tampered.sign(payer);
    const bytes = tampered.serialize();
    bytes[5] = bytes[5]! ^ 0xff;
    const bad = await rpc(net.endpoints.rpc, 'sendTransaction', [bytes.toString('base64'), { encoding: 'base64' }]);
    expect(bad.error?.code).toBe(-32003);
  });

  it('fails a transaction whose Ed25519 precompile check fails, charging the fee', async () => {
    const payer = walletOf(net, 'merchant');
    const signer = Keypair.generate();
    const ix = Ed25519Program.createInstructionWithPrivateKey({ privateKey: signer.secretKey, message: Buffer.from('pay 1') });
    ix.data[ix.data.length - 1] = ix.data[ix.data.length - 1]! ^ 1; // message no longer matches its signature
    const preflight = await rpc(net.endpoints.rpc, 'simulateTransaction', [
      (() => {
        const t = new Transaction({ feePayer: payer.publicKey, blockhash: net.chain.latestBlockhash().blockhash, lastValidBlockHeight: 0 }).add(ix);
        t.sign(payer);
        return t.serialize().toString('base64');
      })(),
      { encoding: 'base64' },
    ]);
    expect((preflight.result as { value: { err: unknown } }).value.err).toEqual({ InstructionError: [0, { Custom: 2 }] });

    // An explicit fresh blockhash: Connection caches one for 30 s, and an earlier test jumped 150+ slots.
    const tx = new Transaction({ feePayer: payer.publicKey, ...(await connection.getLatestBlockhash()) }).add(ix);
    tx.sign(payer);
    const sig = await connection.sendRawTransaction(tx.serialize(), { skipPreflight: true });
    await waitConfirmed(connection, sig);
    const got = await connection.getTransaction(sig, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
    expect(got?.meta?.err).toEqual({ InstructionError: [0, { Custom: 2 }] });
    expect(got?.meta?.fee).toBeGreaterThan(0);
  });

  it('confirms over WebSocket: confirmTransaction and onSignature', async () => {
    const payer = walletOf(net, 'agent');
    const bh = await connection.getLatestBlockhash();
    const tx = new Transaction({ feePayer: payer.publicKey, ...bh }).add(
      SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 1_000_000 }),
    );
    tx.sign(payer);
    const notified = new Promise<unknown>((resolve) => {
      connection.onSignature(bs58.encode(tx.signature!), (result) => resolve(result.err), 'confirmed');
    });
    const sig = await connection.sendRawTransaction(tx.serialize());
    const res = await connection.confirmTransaction({ signature: sig, ...bh }, 'confirmed');
    expect(res.value.err).toBeNull();
    expect(await notified).toBeNull();
  });

  it('answers the chain-info methods', async () => {
    expect((await connection.getVersion())['solana-core']).toMatch(/\d+\.\d+/);
    expect(await connection.getGenesisHash()).toMatch(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/);
    const epoch = await connection.getEpochInfo();
    expect(epoch.absoluteSlot).toBeGreaterThan(0);
    expect(await connection.getMinimumBalanceForRentExemption(165)).toBeGreaterThan(0);
    const ata = getAssociatedTokenAddressSync(new PublicKey(net.mints.usdc), Keypair.generate().publicKey);
    expect(await connection.getAccountInfo(ata)).toBeNull();
  });
});
