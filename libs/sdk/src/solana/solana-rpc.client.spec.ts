import { Keypair, SystemProgram, Transaction, VersionedTransaction } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { keypairWallet } from '../wallet/keypair-wallet';
import { SolanaRpc, SolanaRpcError } from './solana-rpc.client';
import { SolanaTransaction, signedBytes } from './solana-transaction';

type Answer = { status?: number; body: unknown } | Error;

/** A scripted RPC: records each JSON-RPC request, answers the next scripted reply. */
function scripted(answers: Answer[]) {
  const calls: { method: string; params: unknown[] }[] = [];
  const fetchImpl = (_input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    calls.push(JSON.parse(String(init?.body)) as { method: string; params: unknown[] });
    const next = answers.shift();
    if (next === undefined || next instanceof Error) return Promise.reject(next ?? new Error('no answer scripted'));
    return Promise.resolve(new Response(typeof next.body === 'string' ? next.body : JSON.stringify(next.body), { status: next.status ?? 200 }));
  };
  return { rpc: new SolanaRpc('http://rpc.test', fetchImpl), calls };
}

const ok = (result: unknown): Answer => ({ body: { jsonrpc: '2.0', id: 1, result } });

async function failure(run: () => Promise<unknown>): Promise<SolanaRpcError> {
  try {
    await run();
  } catch (e) {
    if (e instanceof SolanaRpcError) return e;
    throw e;
  }
  throw new Error('expected a SolanaRpcError');
}

describe('SolanaRpc (fetch JSON-RPC, no web3.js)', () => {
  it('reads blockhash, account data (null when absent), simulation accounts and signature statuses', async () => {
    const { rpc, calls } = scripted([
      ok({ context: { slot: 1 }, value: { blockhash: 'h', lastValidBlockHeight: 9 } }),
      ok({ context: { slot: 1 }, value: { data: ['AQID', 'base64'], owner: 'x' } }),
      ok({ context: { slot: 1 }, value: null }),
      ok({ context: { slot: 1 }, value: { err: null, logs: ['l'], accounts: [{ data: ['BAU=', 'base64'] }, null] } }),
      ok({ context: { slot: 1 }, value: [{ slot: 7, err: null, confirmationStatus: 'confirmed' }] }),
      ok({ context: { slot: 1 }, value: [null] }),
    ]);
    expect(await rpc.getLatestBlockhash()).toEqual({ blockhash: 'h', lastValidBlockHeight: 9 });
    expect(await rpc.getAccountData('A')).toEqual(Uint8Array.of(1, 2, 3));
    expect(await rpc.getAccountData('B')).toBeNull();
    expect(await rpc.simulate(Uint8Array.of(0), ['A', 'B'])).toEqual({ err: null, logs: ['l'], accounts: [Uint8Array.of(4, 5), null] });
    expect(await rpc.getSignatureStatus('s')).toEqual({ slot: 7, err: null, confirmationStatus: 'confirmed' });
    expect(await rpc.getSignatureStatus('s')).toBeNull();
    expect(calls.map((c) => c.method)).toEqual([
      'getLatestBlockhash',
      'getAccountInfo',
      'getAccountInfo',
      'simulateTransaction',
      'getSignatureStatuses',
      'getSignatureStatuses',
    ]);
    expect(calls[3]!.params[1]).toMatchObject({ encoding: 'base64', sigVerify: false, accounts: { encoding: 'base64', addresses: ['A', 'B'] } });
  });

  it('types every failure: unreachable and 5xx retryable, a JSON-RPC error or malformed answer not', async () => {
    const { rpc } = scripted([
      new TypeError('fetch failed'),
      { status: 503, body: 'busy' },
      { body: { jsonrpc: '2.0', id: 1, error: { code: -32602, message: 'invalid param' } } },
      { body: 'not json' },
      ok({ context: { slot: 1 }, value: { blockhash: 5 } }),
      ok('sig-but-not-a-number'),
    ]);
    const unreachable = await failure(() => rpc.getLatestBlockhash());
    expect([unreachable.code, unreachable.retryable]).toEqual(['rpc_unreachable', true]);
    expect((await failure(() => rpc.getLatestBlockhash())).retryable).toBe(true);
    const rpcError = await failure(() => rpc.getLatestBlockhash());
    expect([rpcError.rpcCode, rpcError.retryable, rpcError.message]).toEqual([-32602, false, 'getLatestBlockhash: invalid param']);
    expect((await failure(() => rpc.getLatestBlockhash())).message).toMatch(/not JSON/);
    expect((await failure(() => rpc.getLatestBlockhash())).message).toMatch(/no blockhash/);
    expect((await failure(() => rpc.getBlockHeight())).message).toMatch(/not a number/);
  });
});

describe('keypairWallet and the transactions it signs', () => {
  const payer = Keypair.generate();
  const owner = Keypair.generate();
  const blockhash = Keypair.generate().publicKey.toBase58();
  const legacy = (): Transaction =>
    new Transaction({ feePayer: payer.publicKey, recentBlockhash: blockhash }).add(
      SystemProgram.transfer({ fromPubkey: owner.publicKey, toPubkey: payer.publicKey, lamports: 1 }),
    );

  it("signs a SolanaTransaction in the owner's slot, leaving the fee payer's for the facilitator", async () => {
    const tx = new SolanaTransaction(legacy().serialize({ requireAllSignatures: false, verifySignatures: false }));
    expect(signedBytes(tx, owner.publicKey.toBase58()).signature).toBeNull();
    const signed = await keypairWallet(owner).signTransaction(tx);
    const web3 = Transaction.from(signedBytes(signed, owner.publicKey.toBase58()).bytes);
    expect(web3.signatures.find((s) => s.publicKey.equals(payer.publicKey))?.signature).toBeNull();
    web3.partialSign(payer);
    expect(web3.verifySignatures()).toBe(true);
  });

  it('still signs web3.js legacy and versioned transactions, and refuses anything else', async () => {
    const signedLegacy = await keypairWallet(owner).signTransaction(legacy());
    expect(signedLegacy.signatures.find((s) => s.publicKey.equals(owner.publicKey))?.signature).not.toBeNull();
    const versioned = new VersionedTransaction(legacy().compileMessage());
    await keypairWallet(payer).signTransaction(versioned);
    expect(versioned.signatures[0]!.some((b) => b !== 0)).toBe(true);
    await expect(keypairWallet(owner).signTransaction({ serialize: () => new Uint8Array(0) })).rejects.toMatchObject({ code: 'wallet_refused', phase: 'sign' });
  });
});
