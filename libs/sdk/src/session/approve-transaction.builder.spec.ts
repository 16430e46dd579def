import { bytesToBase64 } from '@quietpay/x402';
import { Keypair } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import type { FetchLike } from '../facilitator/facilitator.client';
import { buildApproveTransaction, type ApproveTransactionInput } from './approve-transaction.builder';

// The simulated source account comes from the RPC: bytes that break the IncoAccount layout must be a
// typed simulation_failed naming the phase (asking again gives the same bytes: not retryable), with
// the decoder's error as cause, never the codec's bare RangeError reaching createSession's caller.
const key = () => Keypair.generate().publicKey;

/** An RPC whose simulation returns `sourceBytes` as the source account. */
function rpcSimulating(sourceBytes: Uint8Array): FetchLike {
  return (_input, init) => {
    const { method } = JSON.parse(String(init?.body)) as { method: string };
    const value =
      method === 'getLatestBlockhash'
        ? { blockhash: key().toBase58(), lastValidBlockHeight: 100 }
        : { err: null, logs: [], accounts: [{ data: [bytesToBase64(sourceBytes), 'base64'] }] };
    return Promise.resolve(new Response(JSON.stringify({ jsonrpc: '2.0', id: 1, result: { context: { slot: 1 }, value } })));
  };
}

const input = (fetch: FetchLike): ApproveTransactionInput => ({
  connection: 'http://rpc.test',
  programIds: { incoToken: key(), incoLightning: key() },
  mint: key(),
  owner: key(),
  spender: key(),
  feePayer: key(),
  ciphertext: new Uint8Array(97).fill(1),
  decimals: 6,
  fetch,
});

describe('buildApproveTransaction on a simulated account that does not decode', () => {
  it.each([
    ['too short', new Uint8Array(12)],
    ['the right size with another account type', new Uint8Array(221).fill(0xff)],
  ])('%s: simulation_failed, phase approve-simulation, not retryable, the layout error as cause', async (_case, bytes) => {
    const outcome = await buildApproveTransaction(input(rpcSimulating(bytes))).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(outcome).toEqual(expect.objectContaining({ name: 'QuietpaySdkError', code: 'simulation_failed', phase: 'approve-simulation', retryable: false }));
    expect((outcome as Error).cause).toEqual(expect.objectContaining({ name: 'AccountLayoutError' }));
  });
});
