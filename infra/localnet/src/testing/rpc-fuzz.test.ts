import { Keypair, SystemProgram, Transaction } from '@solana/web3.js';
import bs58 from 'bs58';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningLocalnet } from '../index';
import { startTestLocalnet, walletOf } from './localnet.fixture';

// mulberry32: a small seeded PRNG so a failure reproduces exactly.
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const METHODS = [
  'sendTransaction',
  'simulateTransaction',
  'getAccountInfo',
  'getMultipleAccounts',
  'getBalance',
  'getTransaction',
  'getSignaturesForAddress',
  'getSignatureStatuses',
  'getProgramAccounts',
  'getTokenAccountsByOwner',
  'getTokenAccountBalance',
  'getLatestBlockhash',
  'isBlockhashValid',
  'getMinimumBalanceForRentExemption',
  'requestAirdrop',
  'getFeeForMessage',
  'nope',
];

let net: RunningLocalnet;
let validTx: Uint8Array;

beforeAll(async () => {
  net = await startTestLocalnet();
  const payer = walletOf(net, 'agent');
  const tx = new Transaction({ feePayer: payer.publicKey, ...net.chain.latestBlockhash() }).add(
    SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 1 }),
  );
  tx.sign(payer);
  validTx = tx.serialize();
});
afterAll(async () => {
  await net.stop();
});

function randomValue(r: () => number, depth = 0): unknown {
  const pick = Math.floor(r() * 9);
  switch (pick) {
    case 0:
      return null;
    case 1:
      return Math.floor(r() * 2 ** 40) * (r() < 0.2 ? -1 : 1);
    case 2:
      return r() < 0.5;
    case 3:
      return bs58.encode(Keypair.generate().publicKey.toBytes());
    case 4:
      return 'x'.repeat(Math.floor(r() * 100));
    case 5:
      return depth > 2 ? [] : Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
    case 6:
      return depth > 2
        ? {}
        : { encoding: ['base64', 'base58', 'jsonParsed', 'zz'][Math.floor(r() * 4)], limit: randomValue(r, depth + 1), filters: randomValue(r, depth + 1) };
    case 7:
      return 1.5;
    default:
      return bs58.encode(Uint8Array.from({ length: 64 }, () => Math.floor(r() * 256)));
  }
}

/** Random bytes, or a valid transaction with a few bytes flipped / cut / extended. */
function randomTxBytes(r: () => number): Uint8Array {
  if (r() < 0.3) return Uint8Array.from({ length: Math.floor(r() * 400) }, () => Math.floor(r() * 256));
  const bytes = Uint8Array.from(validTx);
  const mode = Math.floor(r() * 3);
  if (mode === 0) {
    for (let i = 0; i < 1 + Math.floor(r() * 4); i++) bytes[Math.floor(r() * bytes.length)] = Math.floor(r() * 256);
    return bytes;
  }
  if (mode === 1) return bytes.subarray(0, Math.floor(r() * bytes.length));
  return Uint8Array.from([...bytes, ...Array.from({ length: 1 + Math.floor(r() * 8) }, () => Math.floor(r() * 256))]);
}

function randomBody(r: () => number): string {
  const kind = Math.floor(r() * 6);
  if (kind === 0) return '{"jsonrpc":"2.0","id":1,"method":' + 'x'.repeat(Math.floor(r() * 20));
  if (kind === 1) return JSON.stringify(randomValue(r));
  if (kind === 2 || kind === 3) {
    const tx = randomTxBytes(r);
    const b64 = r() < 0.5;
    const method = r() < 0.5 ? 'sendTransaction' : 'simulateTransaction';
    return JSON.stringify({
      jsonrpc: '2.0',
      id: 7,
      method,
      params: [
        b64 ? Buffer.from(tx).toString('base64') : bs58.encode(tx),
        { encoding: b64 ? 'base64' : 'base58', skipPreflight: r() < 0.5, sigVerify: r() < 0.5 },
      ],
    });
  }
  if (kind === 4) {
    return JSON.stringify([{ jsonrpc: '2.0', id: 1, method: METHODS[Math.floor(r() * METHODS.length)], params: randomValue(r) }]);
  }
  const params = Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r));
  return JSON.stringify({ jsonrpc: '2.0', id: 3, method: METHODS[Math.floor(r() * METHODS.length)], params });
}

type Reply = { error?: { code: number }; result?: unknown } | { error?: { code: number }; result?: unknown }[];

async function post(url: string, body: string): Promise<{ status: number; json: Reply }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, json: (await res.json()) as Reply };
}

describe('JSON-RPC fuzz', () => {
  it('answers thousands of random requests with JSON-RPC and keeps serving', async () => {
    const r = prng(0x5eed);
    let errors = 0;
    for (let i = 0; i < 3000; i++) {
      const { status, json } = await post(net.endpoints.rpc, randomBody(r));
      expect(status).toBe(200);
      const replies = Array.isArray(json) ? json : [json];
      for (const reply of replies) {
        expect(reply.error === undefined ? 'result' in reply : Number.isInteger(reply.error.code)).toBe(true);
        // A crashed handler surfaces as -32603; none is allowed.
        expect(reply.error?.code).not.toBe(-32603);
        if (reply.error !== undefined) errors++;
      }
    }
    expect(errors).toBeGreaterThan(1000);
    const slot = await post(net.endpoints.rpc, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'getSlot' }));
    expect(typeof (slot.json as { result: unknown }).result).toBe('number');
  });

  it('maps malformed JSON, unknown methods and oversize bodies to errors', async () => {
    expect(((await post(net.endpoints.rpc, '{oops')).json as { error: { code: number } }).error.code).toBe(-32700);
    expect(((await post(net.endpoints.rpc, '{"jsonrpc":"2.0","id":1,"method":"noSuch"}')).json as { error: { code: number } }).error.code).toBe(-32601);
    expect(
      ((await post(net.endpoints.rpc, '{"jsonrpc":"2.0","id":1,"method":"getBalance","params":["zz"]}')).json as { error: { code: number } }).error.code,
    ).toBe(-32602);
    const big = await post(net.endpoints.rpc, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'getSlot', params: ['a'.repeat(2 * 1024 * 1024)] }));
    expect(big.status).toBe(413);
    expect((big.json as { error: { code: number } }).error.code).toBe(-32600);
    const slot = await post(net.endpoints.rpc, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'getSlot' }));
    expect(typeof (slot.json as { result: unknown }).result).toBe('number');
  });
});
