import { Keypair } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { keypairWallet } from '../wallet/keypair-wallet';
import { PrivateSchemeClient } from '../x402/private-scheme.client';
import { createPrivateClient, type PrivateTransferSettings } from './private-client.factory';

// Private by default (docs/privacy.md): every private transfer the SDK asks the payments API for
// carries a settlement delay unless the caller sets one, for the px402 client and for the x402
// `private` scheme alike; a route's and a call's settings override it in that order. The fake
// API records each transfer request and refuses it, so nothing is signed or sent.

const API = 'http://payments.test';
const SERVER = 'http://paid.test';
const wallet = keypairWallet(Keypair.generate());
const mint = Keypair.generate().publicKey.toBase58();
const payTo = Keypair.generate().publicKey.toBase58();

function fakeNetwork(): { fetch: typeof fetch; transfers: Record<string, unknown>[] } {
  const transfers: Record<string, unknown>[] = [];
  const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
  const fake = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    if (url.origin === SERVER) {
      return json(
        402,
        { reason: 'payment_required' },
        {
          'X-Payment-Amount': '30000',
          'X-Payment-Currency': 'USDC',
          'X-Payment-Network': 'solana-per',
          'X-Payment-Address': payTo,
          'X-Payment-Id': '4242',
          'X-Payment-Token': 'v1.payload.mac',
        },
      );
    }
    if (url.pathname.endsWith('/is-mint-initialized')) return json(200, { mint, transferQueue: payTo, initialized: true });
    if (url.pathname.endsWith('/transfer')) {
      transfers.push(JSON.parse(String(init?.body)) as Record<string, unknown>);
      return json(400, { error: 'refused by the test' });
    }
    return json(404, {});
  };
  return { fetch: fake as typeof fetch, transfers };
}

const delaysOf = (body: Record<string, unknown> | undefined): { minDelayMs: unknown; maxDelayMs: unknown } => ({
  minDelayMs: body?.['minDelayMs'],
  maxDelayMs: body?.['maxDelayMs'],
});

async function delaysAsked(
  transfer: PrivateTransferSettings | ((url: URL) => PrivateTransferSettings | undefined) | undefined,
  path = '/x',
  call?: PrivateTransferSettings,
) {
  const net = fakeNetwork();
  const client = createPrivateClient({
    wallet,
    rpcUrl: 'http://127.0.0.1:1',
    paymentsApiUrl: API,
    mint,
    cluster: 'localnet',
    fetch: net.fetch,
    ...(transfer !== undefined ? { transfer } : {}),
  });
  await expect(client.fetch(`${SERVER}${path}`, undefined, call !== undefined ? { transfer: call } : undefined)).rejects.toBeDefined();
  expect(net.transfers).toHaveLength(1);
  return delaysOf(net.transfers[0]);
}

describe('settlement delays of private transfers', () => {
  it('createPrivateClient asks for 1-5 s when nothing is configured', async () => {
    expect(await delaysAsked(undefined)).toEqual({ minDelayMs: 1_000, maxDelayMs: 5_000 });
  });

  it("a route's settings override the default, a call's override the route's", async () => {
    const byRoute = (url: URL): PrivateTransferSettings | undefined => (url.pathname === '/slow' ? { maxDelayMs: 9_000 } : undefined);
    expect(await delaysAsked(byRoute, '/slow')).toEqual({ minDelayMs: 1_000, maxDelayMs: 9_000 });
    expect(await delaysAsked(byRoute, '/other')).toEqual({ minDelayMs: 1_000, maxDelayMs: 5_000 });
    expect(await delaysAsked(byRoute, '/slow', { minDelayMs: 0, maxDelayMs: 0 })).toEqual({ minDelayMs: 0, maxDelayMs: 0 });
  });

  it("the x402 private scheme's client asks for 1-5 s too, unless configured", async () => {
    const requirements = {
      scheme: 'private',
      network: 'solana:localnet',
      asset: mint,
      amount: '30000',
      payTo,
      maxTimeoutSeconds: 60,
      extra: { paymentId: '4242', paymentToken: 'tok', paymentsApiUrl: API, cluster: 'localnet' },
    } as const;
    for (const [transfer, expected] of [
      [undefined, { minDelayMs: 1_000, maxDelayMs: 5_000 }],
      [
        { minDelayMs: 200, maxDelayMs: 300 },
        { minDelayMs: 200, maxDelayMs: 300 },
      ],
    ] as const) {
      const net = fakeNetwork();
      const scheme = new PrivateSchemeClient({
        wallet,
        network: 'solana:localnet',
        facilitatorUrl: 'http://127.0.0.1:1',
        rpcUrl: 'http://127.0.0.1:1',
        fetch: net.fetch,
        ...(transfer !== undefined ? { transfer } : {}),
      });
      await expect(scheme.createPaymentPayload(2, requirements)).rejects.toBeDefined();
      expect(delaysOf(net.transfers[0])).toEqual(expected);
    }
  });
});
