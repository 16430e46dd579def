import { Keypair } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { PaymentsApiClient } from '../private/payments-api.client';
import { createPrivateClient } from '../private/private-client.factory';
import { keypairWallet } from '../wallet/keypair-wallet';
import { unboundFetch } from './unbound-fetch';

// A stand-in for a browser's window.fetch: it refuses any receiver, as Chromium does with
// "Illegal invocation" (found by tests/browser/private-paid.test.ts: the private client held
// window.fetch as a property and called it as a method).
const calls: string[] = [];
const browserLikeFetch = function (this: unknown, input: string | URL | Request): Promise<Response> {
  if (this !== undefined && this !== globalThis) return Promise.reject(new TypeError('Illegal invocation'));
  calls.push(String(input));
  return Promise.resolve(new Response(JSON.stringify({ balance: '7' }), { status: 200, headers: { 'content-type': 'application/json' } }));
} as typeof fetch;

describe('unboundFetch', () => {
  it('calls the given fetch without a receiver, even when held as a method', async () => {
    const holder = { fetchImpl: unboundFetch(browserLikeFetch) };
    await expect(holder.fetchImpl('http://127.0.0.1:1/x')).resolves.toBeInstanceOf(Response);
    const unwrapped = { fetchImpl: browserLikeFetch };
    await expect(unwrapped.fetchImpl('http://127.0.0.1:1/x')).rejects.toThrow('Illegal invocation');
  });

  it("the payments API client and createPrivateClient take a browser's fetch as is", async () => {
    const wallet = keypairWallet(Keypair.generate());
    const mint = Keypair.generate().publicKey;
    calls.length = 0;
    await new PaymentsApiClient('http://127.0.0.1:1', wallet, mint, 'localnet', browserLikeFetch).balance().catch(() => undefined);
    expect(calls).toHaveLength(1);
    const client = createPrivateClient({
      wallet,
      rpcUrl: 'http://127.0.0.1:1',
      paymentsApiUrl: 'http://127.0.0.1:1',
      mint: mint.toBase58(),
      cluster: 'localnet',
      fetch: browserLikeFetch,
    });
    calls.length = 0;
    const res = await client.fetch('http://127.0.0.1:1/free');
    expect(res.status).toBe(200);
    expect(calls).toEqual(['http://127.0.0.1:1/free']);
  });
});
