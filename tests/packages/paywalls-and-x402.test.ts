import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSession, keypairWallet, memorySessionStorage, SessionSchemeClient, type SessionHandle } from '@quietpay/sdk';
import { decodePaymentResponseHeader } from '@x402/core/http';
import { x402Client } from '@x402/core/client';
import { wrapFetchWithPayment } from '@x402/fetch';
import { paymentMiddleware, sessionPaywallExpress } from '@quietpay/server';
import express, { type Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SessionStack, startSessionStack } from '../support/session-stack';

// Issue 12's paywall behaviours against the real stack (gateway, ledger, localnet): settling after
// the handler charges nothing when the handler fails, the route map pays end to end, and an outage
// of the facilitator answers 503 JSON with Retry-After instead of Express's HTML 500; and the stock
// @x402/fetch pays examples/paid-api through quietpay's session scheme registered in x402Client.

let stack: SessionStack;
let session: SessionHandle;
const storage = memorySessionStorage();
let server: Server;
let baseUrl: string;
const PRICE = '0.01'; // 10_000 base units at 6 decimals

function listen(app: Express): Promise<Server> {
  return new Promise((resolve) => {
    const s = createServer(app).listen(0, '127.0.0.1', () => resolve(s));
  });
}

beforeAll(async () => {
  stack = await startSessionStack();
  const payTo = stack.wallets.merchant.publicKey.toBase58();
  const app = express();
  app.post('/after/ok', sessionPaywallExpress({ facilitatorUrl: stack.gatewayUrl, price: PRICE, payTo }), (_req, res) => {
    res.json({ served: true });
  });
  app.post('/after/throws', sessionPaywallExpress({ facilitatorUrl: stack.gatewayUrl, price: PRICE, payTo }), () => {
    throw new Error('handler failed');
  });
  app.post('/after/500', sessionPaywallExpress({ facilitatorUrl: stack.gatewayUrl, price: PRICE, payTo }), (_req, res) => {
    res.status(500).json({ error: 'upstream down' });
  });
  app.post('/before/ok', sessionPaywallExpress({ facilitatorUrl: stack.gatewayUrl, price: PRICE, payTo, settle: 'before-handler' }), (_req, res) => {
    res.json({ served: true });
  });
  app.use(
    paymentMiddleware(
      { 'POST /mapped/*': { scheme: 'session', price: '$0.02', description: 'mapped route' } },
      { session: { facilitatorUrl: stack.gatewayUrl, payTo } },
    ),
  );
  app.post('/mapped/chat', (_req, res) => {
    res.json({ mapped: true });
  });
  app.post('/free', (_req, res) => {
    res.json({ free: true });
  });
  server = await listen(app);
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  session = await createSession({
    wallet: keypairWallet(stack.wallets.agent),
    facilitatorUrl: stack.gatewayUrl,
    connection: stack.connection,
    cap: '3',
    expiresInSeconds: 3600,
    recipient: payTo,
    storage,
  });
}, 600_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await stack?.stop();
});

const spent = async (): Promise<bigint> => BigInt((await session.getSession()).spent);
const post = (path: string): Promise<Response> =>
  session.fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

describe('session paywall, settle after the handler (default)', () => {
  it('charges once and serves with a receipt when the handler succeeds', async () => {
    const before = await spent();
    const res = await post('/after/ok');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ served: true });
    expect(res.headers.get('payment-response')).not.toBeNull();
    expect((await spent()) - before).toBe(10_000n);
  });

  it.each(['/after/throws', '/after/500'])('charges nothing when the handler fails (%s)', async (path) => {
    const before = await spent();
    const res = await post(path);
    expect(res.status).toBe(500);
    expect(res.headers.get('payment-response')).toBeNull();
    expect(await spent()).toBe(before);
  });

  it('settles before the handler when asked to', async () => {
    const before = await spent();
    const res = await post('/before/ok');
    expect(res.status).toBe(200);
    expect(res.headers.get('payment-response')).not.toBeNull();
    expect((await spent()) - before).toBe(10_000n);
  });
});

describe('paymentMiddleware route map', () => {
  it('prices a listed route and is paid by session.fetch', async () => {
    const before = await spent();
    const res = await post('/mapped/chat');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ mapped: true });
    expect((await spent()) - before).toBe(20_000n);
  });

  it('answers 402 with PAYMENT-REQUIRED to an unpaid client and lets unlisted routes through', async () => {
    const unpaid = await fetch(`${baseUrl}/mapped/chat`, { method: 'POST' });
    expect(unpaid.status).toBe(402);
    expect(unpaid.headers.get('payment-required')).not.toBeNull();
    const free = await fetch(`${baseUrl}/free`, { method: 'POST' });
    expect(free.status).toBe(200);
  });
});

describe('@x402/fetch with the session scheme registered in x402Client', () => {
  it('pays examples/paid-api (0.5 USDC) and reads the settlement receipt', async () => {
    const scheme = await SessionSchemeClient.fromStorage(storage, session.sessionId);
    const client = x402Client.fromConfig({ schemes: [{ network: scheme.network, client: scheme }], spendControls: { allowedAssets: [scheme.allowedAsset()] } });
    const paidFetch = wrapFetchWithPayment(fetch, client);
    const before = await spent();
    const res = await paidFetch(`${stack.paidApiUrl}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'hi' }),
    });
    expect(res.status).toBe(200);
    expect(typeof ((await res.json()) as { reply?: unknown }).reply).toBe('string');
    const receipt = decodePaymentResponseHeader(res.headers.get('payment-response')!);
    expect(receipt).toMatchObject({ success: true, network: scheme.network });
    expect((await spent()) - before).toBe(500_000n);
  });

  it('refuses a price above the x402Client spend cap before signing', async () => {
    const scheme = await SessionSchemeClient.fromStorage(storage, session.sessionId);
    const client = x402Client.fromConfig({
      schemes: [{ network: scheme.network, client: scheme }],
      spendControls: { allowedAssets: [scheme.allowedAsset('100000')] },
    });
    const before = await spent();
    await expect(wrapFetchWithPayment(fetch, client)(`${stack.paidApiUrl}/api/chat`, { method: 'POST', body: '{}' })).rejects.toThrow();
    expect(await spent()).toBe(before);
  });
});
