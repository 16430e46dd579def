import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningLocalnet } from '@quietpay/infra-localnet';
import { createRedis } from '@quietpay/platform';
import { keypairWallet, PrivateSchemeClient } from '@quietpay/sdk';
import { PrivateSchemeServer, randomPaymentId } from '@quietpay/server';
import { decodePaymentRequiredHeader, decodePaymentResponseHeader, PaymentRequiredSchema, SupportedResponseSchema } from '@quietpay/x402';
import { Connection, Keypair, PublicKey } from '@solana/web3.js';
import { HTTPFacilitatorClient, x402HTTPResourceServer, x402ResourceServer, type HTTPAdapter } from '@x402/core/server';
import type { Network, PaymentPayload, PaymentRequirements, SchemeNetworkClient } from '@x402/core/types';
import { x402Client } from '@x402/core/client';
import { wrapFetchWithPayment } from '@x402/fetch';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProjects } from '../support/build-projects';
import { startNatsServer, type NatsServerProcess } from '../support/nats-server.process';
import { localnetWallet, payPrivately as payPrivatelyOn, startPrivateFacilitator, startPrivateLocalnet } from '../support/private-localnet';
import { eventually, killAllServices } from '../support/service.process';

interface VerifyAnswer {
  isValid: boolean;
  invalidReason?: string;
}
interface SettleAnswer {
  success: boolean;
  errorReason?: string;
  transaction: string;
  network: string;
  amount?: string;
  payer?: string;
}

// The private scheme over the x402 v2 wire, for real: localnet in-process (chain, payments API,
// crank), gateway + chain-poller as processes on a private NATS, the shared Redis under a per-run
// prefix, and a stock @x402/core resource server talking to the gateway over HTTP.
describe('x402 v2 private scheme: gateway + chain-poller against localnet', () => {
  let net: RunningLocalnet;
  let connection: Connection;
  let nats: NatsServerProcess;
  let redis: Redis;
  let agent: Keypair;
  let gatewayUrl: string;
  let network: Network;
  const run = `test:x402-private:${randomUUID()}`;

  beforeAll(async () => {
    buildProjects(['services/chain-poller', 'services/gateway']);
    net = await startPrivateLocalnet();
    connection = new Connection(net.endpoints.rpc, 'confirmed');
    agent = localnetWallet(net, 'agent');
    nats = await startNatsServer();
    redis = createRedis('redis://127.0.0.1:6379', 'x402-private-test');
    gatewayUrl = await startPrivateFacilitator(net, nats, run, {
      PRIVATE_SCHEME_ENABLED: 'true',
      PAYMENTS_API_URL: net.endpoints.payments ?? '',
      PRIVATE_CLAIM_KEY_PREFIX: `${run}:gateway`,
    });
    network = SupportedResponseSchema.parse(await (await fetch(`${gatewayUrl}/supported`)).json()).kinds.find((k) => k.scheme === 'private')
      ?.network as Network;
  });

  afterAll(async () => {
    await killAllServices();
    if (redis) {
      const keys = await redis.keys(`${run}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
    await nats?.stop();
    await net?.stop();
  });

  const post = async <T>(path: 'verify' | 'settle', requirements: PaymentRequirements, payload: Record<string, unknown>): Promise<T> => {
    const paymentPayload: PaymentPayload = { x402Version: 2, accepted: requirements, payload };
    const res = await fetch(`${gatewayUrl}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ x402Version: 2, paymentPayload, paymentRequirements: requirements }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };

  /** The agent's side: the payments API builds the private transfer, the agent signs and sends it. */
  async function payPrivately(to: string, amount: string, clientRefId: string): Promise<string> {
    const signature = await payPrivatelyOn(net, connection, agent, { to, amount, clientRefId });
    // Keeps the crank registered and kicked, as a real agent does before and after paying.
    await fetch(`${net.endpoints.payments}/v1/spl/is-mint-initialized?${new URLSearchParams({ mint: net.mints.usdc, cluster: 'localnet' }).toString()}`);
    return signature;
  }

  /** Polls /verify until it stops answering payment_pending; returns every answer seen. */
  async function verifyUntilObserved(requirements: PaymentRequirements, payload: Record<string, unknown>): Promise<VerifyAnswer[]> {
    const answers: VerifyAnswer[] = [];
    await eventually(async () => {
      const answer = await post<VerifyAnswer>('verify', requirements, payload);
      answers.push(answer);
      return answer.invalidReason === 'payment_pending' ? undefined : answer;
    }, 'the settlement to be observed');
    return answers;
  }

  async function stockResourceServer(): Promise<x402ResourceServer> {
    const server = new x402ResourceServer(new HTTPFacilitatorClient({ url: gatewayUrl })).register(network, new PrivateSchemeServer());
    await server.initialize();
    return server;
  }

  it('lists the private kind (v2, CAIP-2) in /supported with what an agent needs to pay', async () => {
    const supported = SupportedResponseSchema.parse(await (await fetch(`${gatewayUrl}/supported`)).json());
    const kind = supported.kinds.find((k) => k.scheme === 'private');
    expect(kind).toMatchObject({
      x402Version: 2,
      network: expect.stringMatching(/^solana:/),
      extra: {
        paymentsApiUrl: net.endpoints.payments,
        mint: net.mints.usdc,
        validator: expect.any(String),
        transferQueue: expect.any(String),
        cluster: 'localnet',
      },
    });
    expect(kind!.network).toBe(network);
    // The payments API names the same queue the gateway advertises.
    const status = (await (await fetch(`${net.endpoints.payments}/v1/spl/is-mint-initialized?mint=${net.mints.usdc}&cluster=localnet`)).json()) as {
      transferQueue: string;
    };
    expect(kind!.extra?.['transferQueue']).toBe(status.transferQueue);
  });

  it('stock x402ResourceServer: 402 offers private; pending until the crank settles; settle once with the settlement signature; then replay', async () => {
    const merchant = Keypair.generate().publicKey.toBase58();
    const route = { scheme: 'private', network, payTo: merchant, price: '$0.01' } as const;
    const server = await stockResourceServer();
    const accepts = await server.buildPaymentRequirements(route);
    const required = PaymentRequiredSchema.parse(
      await server.createPaymentRequiredResponse(accepts, { url: 'http://127.0.0.1:1/api/report' }, 'Payment required'),
    );
    const offered = required.accepts.find((a) => a.scheme === 'private') as PaymentRequirements;
    expect(offered).toMatchObject({
      network,
      asset: net.mints.usdc,
      amount: '10000',
      payTo: merchant,
      extra: { paymentId: expect.stringMatching(/^[1-9]\d*$/) },
    });
    const paymentId = String(offered.extra['paymentId']);
    const paymentToken = String(offered.extra['paymentToken']);
    const payload = { paymentId };

    // Nothing paid yet: pending, for verify and settle alike, and settle takes no claim.
    expect(await post<VerifyAnswer>('verify', offered, payload)).toMatchObject({ isValid: false, invalidReason: 'payment_pending' });
    expect(await post<SettleAnswer>('settle', offered, payload)).toMatchObject({ success: false, errorReason: 'payment_pending', transaction: '' });

    const enqueue = await payPrivately(merchant, offered.amount, paymentId);
    const answers = await verifyUntilObserved(offered, { paymentId, signature: enqueue });
    expect(answers.at(-1)).toMatchObject({ isValid: true });
    expect(answers.slice(0, -1).every((a) => a.invalidReason === 'payment_pending')).toBe(true);

    // The agent's retry as the stock server sees it: requirements rebuilt with a fresh id still match.
    const paid: PaymentPayload = { x402Version: 2, accepted: offered, payload: { paymentId, paymentToken, signature: enqueue } };
    const [rebuilt] = await server.buildPaymentRequirements(route);
    const matched = server.findMatchingRequirements([rebuilt!], paid);
    expect(matched).toBe(rebuilt);
    expect(await server.verifyPayment(paid, matched!)).toMatchObject({ isValid: true });
    const settled = await server.settlePayment(paid, matched!);
    expect(settled).toMatchObject({ success: true, network, amount: '10000' });
    expect(settled.payer ?? '').toBe('');

    // The transaction is the crank's settlement to the merchant, not the agent's enqueue.
    expect(settled.transaction).not.toBe(enqueue);
    const tx = await connection.getTransaction(settled.transaction, { maxSupportedTransactionVersion: 0, commitment: 'confirmed' });
    expect(tx?.meta?.logMessages).toContain(`Program log: client_ref_id: ${paymentId}`);
    expect(tx?.meta?.postTokenBalances?.find((b) => b.owner === merchant)?.uiTokenAmount.amount).toBe('10000');

    // Single use, whichever replica is asked next.
    expect(await post<SettleAnswer>('settle', offered, payload)).toMatchObject({ success: false, errorReason: 'replay', transaction: '' });
    expect(await post<VerifyAnswer>('verify', offered, payload)).toMatchObject({ isValid: false, invalidReason: 'replay' });
  });

  it('stock x402HTTPResourceServer serves a private route once: 402, pending, paid → handler, same payment again → 402 replay', async () => {
    const merchant = Keypair.generate().publicKey.toBase58();
    const http = new x402HTTPResourceServer(await stockResourceServer(), {
      'GET /api/report': { accepts: { scheme: 'private', network, payTo: merchant, price: '$0.02' }, description: 'report' },
    });
    await http.initialize();
    // The framework side of one GET /api/report, as an Express/Hono adapter would present it.
    const request = (headers: Record<string, string>) => {
      const adapter: HTTPAdapter = {
        getHeader: (name) => headers[name.toLowerCase()],
        getMethod: () => 'GET',
        getPath: () => '/api/report',
        getUrl: () => 'http://127.0.0.1:1/api/report',
        getAcceptHeader: () => 'application/json',
        getUserAgent: () => 'x402-private-test',
      };
      return http.processHTTPRequest({ adapter, path: '/api/report', method: 'GET' });
    };

    const unpaid = await request({});
    if (unpaid.type !== 'payment-error') throw new Error(`expected a 402, got ${unpaid.type}`);
    expect(unpaid.response.status).toBe(402);
    const required = decodePaymentRequiredHeader(String(unpaid.response.headers['PAYMENT-REQUIRED']));
    const offered = required.accepts.find((a) => a.scheme === 'private') as PaymentRequirements;
    expect(offered).toMatchObject({ amount: '20000', payTo: merchant, asset: net.mints.usdc });
    const paymentId = String(offered.extra['paymentId']);
    const paymentToken = String(offered.extra['paymentToken']);
    const paymentHeader = (accepted: PaymentRequirements, payload: Record<string, unknown>) => ({
      'payment-signature': Buffer.from(JSON.stringify({ x402Version: 2, accepted, payload })).toString('base64'),
    });
    const signatureHeader = paymentHeader(offered, { paymentId, paymentToken });

    // Upfront flow: core settles before the handler; a failed settle is a 402 with PAYMENT-RESPONSE.
    const refusal = async (headers: Record<string, string>) => {
      const result = await request(headers);
      if (result.type !== 'payment-error') throw new Error(`expected a 402, got ${result.type}`);
      expect(result.response.status).toBe(402);
      return decodePaymentResponseHeader(String(result.response.headers['PAYMENT-RESPONSE']));
    };
    expect(await refusal(signatureHeader)).toMatchObject({ success: false, errorReason: 'payment_pending' });

    await payPrivately(merchant, offered.amount, paymentId);
    // Settled and visible to the facilitator (a /verify takes no claim)...
    await verifyUntilObserved(offered, { paymentId });
    // ...and to anyone watching the chain: the settlement's log names the id. An observer who asks for
    // its own 402 gets a token, but for another id; with the payer's id it is refused by the resource
    // server itself, so no claim is taken and the payer is still served below.
    const observed = await eventually(async () => {
      const result = await request({});
      return result.type === 'payment-error' ? decodePaymentRequiredHeader(String(result.response.headers['PAYMENT-REQUIRED'])) : undefined;
    }, "the observer's own 402");
    const observerOffer = observed.accepts.find((a) => a.scheme === 'private') as PaymentRequirements;
    const stolen = { ...observerOffer, extra: { ...observerOffer.extra, paymentId } };
    for (const attempt of [
      paymentHeader(stolen, { paymentId }),
      paymentHeader(stolen, { paymentId, paymentToken: observerOffer.extra['paymentToken'] }),
      paymentHeader({ ...offered, extra: { ...offered.extra, paymentToken: 'pv1.9999999999.AAAA' } }, { paymentId, paymentToken: 'pv1.9999999999.AAAA' }),
    ]) {
      // Refused by PrivateSchemeServer's before-verify hook: a 402 naming the reason, nothing settled.
      const result = await request(attempt);
      if (result.type !== 'payment-error') throw new Error(`expected a 402, got ${result.type}`);
      expect(result.response.status).toBe(402);
      expect(result.response.headers['PAYMENT-RESPONSE']).toBeUndefined();
      expect(decodePaymentRequiredHeader(String(result.response.headers['PAYMENT-REQUIRED']))).toMatchObject({ error: 'invalid_payment_token' });
    }

    const served = await eventually(async () => {
      const result = await request(signatureHeader);
      return result.type === 'payment-verified' ? result : undefined;
    }, 'the paid request to be served');
    // Settled (claimed) before the handler would run.
    expect(served.beforeHandlerSettlement?.result).toMatchObject({ success: true, network, amount: '20000' });
    const settlement = served.beforeHandlerSettlement?.result.transaction ?? '';
    const tx = await connection.getTransaction(settlement, { maxSupportedTransactionVersion: 0, commitment: 'confirmed' });
    expect(tx?.meta?.logMessages).toContain(`Program log: client_ref_id: ${paymentId}`);

    expect(await refusal(signatureHeader)).toMatchObject({ success: false, errorReason: 'replay' });
  });

  /** A node:http front for a stock x402HTTPResourceServer: 402s as instructed, settles, then serves (`served()` counts). */
  async function listenStock(http: x402HTTPResourceServer, path: string): Promise<{ url: string; server: Server; served: () => number }> {
    let served = 0;
    const adapterOf = (req: IncomingMessage): HTTPAdapter => ({
      getHeader: (name) => {
        const value = req.headers[name.toLowerCase()];
        return Array.isArray(value) ? value[0] : value;
      },
      getMethod: () => req.method ?? 'GET',
      getPath: () => path,
      getUrl: () => `http://${req.headers.host ?? ''}${req.url ?? ''}`,
      getAcceptHeader: () => 'application/json',
      getUserAgent: () => 'x402-private-test',
    });
    const server = createServer((req, res) => {
      void (async () => {
        const result = await http.processHTTPRequest({ adapter: adapterOf(req), path, method: req.method ?? 'GET' });
        if (result.type === 'payment-error') {
          res.writeHead(result.response.status, result.response.headers).end(JSON.stringify(result.response.body ?? {}));
          return;
        }
        if (result.type !== 'payment-verified') throw new Error(`unexpected ${result.type}`);
        const settled = await http.processSettlement(
          result.paymentPayload,
          result.paymentRequirements,
          result.declaredExtensions,
          undefined,
          undefined,
          result.beforeHandlerSettlement,
        );
        if (!settled.success) {
          res.writeHead(402, { 'content-type': 'application/json' }).end(JSON.stringify({ error: settled.errorReason }));
          return;
        }
        served += 1;
        res.writeHead(200, { ...settled.headers, 'content-type': 'application/json' }).end(JSON.stringify({ report: 'paid' }));
      })().catch((error: unknown) => res.writeHead(500).end(String(error)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`, server, served: () => served };
  }

  it('the stock @x402/fetch pays a private route with PrivateSchemeClient registered in x402Client (pay in standard parts, wait for the facilitator to see their sum, retry once)', async () => {
    const merchant = Keypair.generate().publicKey.toBase58();
    const http = new x402HTTPResourceServer(await stockResourceServer(), {
      'GET /api/paid-report': { accepts: { scheme: 'private', network, payTo: merchant, price: '$0.03' }, description: 'report' },
    });
    await http.initialize();
    const { url, server, served } = await listenStock(http, '/api/paid-report');
    try {
      const paidBefore = await connection.getSignaturesForAddress(agent.publicKey, { limit: 1 });
      const scheme = new PrivateSchemeClient({
        wallet: keypairWallet(agent),
        network,
        facilitatorUrl: gatewayUrl,
        rpcUrl: net.endpoints.rpc,
        transfer: { minDelayMs: 0, maxDelayMs: 0 },
      });
      // Sees the requirements the stock client pays (the payment id is in them).
      const quoted: PaymentRequirements[] = [];
      const seeing: SchemeNetworkClient = {
        scheme: scheme.scheme,
        createPaymentPayload: (version, requirements) => {
          quoted.push(requirements);
          return scheme.createPaymentPayload(version, requirements);
        },
      };
      const client = x402Client.fromConfig({
        schemes: [{ network, client: seeing }],
        spendControls: { allowedAssets: [{ network, asset: net.mints.usdc, maxAmountPerPayment: '30000' }] },
      });
      const res = await wrapFetchWithPayment(fetch, client)(url);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ report: 'paid' });
      const receipt = decodePaymentResponseHeader(String(res.headers.get('PAYMENT-RESPONSE')));
      // Served once, for the sum of the parts.
      expect(served()).toBe(1);
      expect(receipt).toMatchObject({ success: true, network, amount: '30000' });
      // 30000 = 20000 + 10000 (1-2-5 series, the gateway advertises paymentParts "sum"): the agent
      // sent two private transfers under one payment id, so no one transfer shows the distinct price.
      const [requirements] = quoted;
      expect(requirements?.extra).toMatchObject({ paymentParts: 'sum' });
      const paymentId = String(requirements?.extra['paymentId']);
      const sentByAgent = await connection.getSignaturesForAddress(agent.publicKey, { until: paidBefore[0]?.signature });
      expect(sentByAgent).toHaveLength(2);
      // The receipt names ONE settlement, the first the facilitator observed for the id (chain-poller
      // keeps the pair's first part as its record and sums the rest into `amount`). Parts settle after
      // their own random delays, so it is either part, never a 30000 transfer: pinned on purpose,
      // the receipt's amount is the sum and its transaction is one part of it.
      const tx = await connection.getTransaction(receipt.transaction, { maxSupportedTransactionVersion: 0, commitment: 'confirmed' });
      expect(tx?.meta?.logMessages).toContain(`Program log: client_ref_id: ${paymentId}`);
      const merchantBalance = (t: typeof tx, which: 'preTokenBalances' | 'postTokenBalances') =>
        BigInt(t?.meta?.[which]?.find((b) => b.owner === merchant)?.uiTokenAmount.amount ?? '0');
      expect(['10000', '20000']).toContain(String(merchantBalance(tx, 'postTokenBalances') - merchantBalance(tx, 'preTokenBalances')));
      // Every part arrived: the merchant holds the whole price.
      const [account] = (await connection.getTokenAccountsByOwner(new PublicKey(merchant), { mint: new PublicKey(net.mints.usdc) })).value;
      expect((await connection.getTokenAccountBalance(account!.pubkey)).value.amount).toBe('30000');
    } finally {
      server.close();
    }
  });

  it('PrivateSchemeClient refuses requirements without the private extra before paying', async () => {
    const scheme = new PrivateSchemeClient({ wallet: keypairWallet(agent), network, facilitatorUrl: gatewayUrl, rpcUrl: net.endpoints.rpc });
    const before = await connection.getSignaturesForAddress(agent.publicKey, { limit: 1 });
    const requirements: PaymentRequirements = {
      scheme: 'private',
      network,
      asset: net.mints.usdc,
      amount: '10000',
      payTo: agent.publicKey.toBase58(),
      maxTimeoutSeconds: 300,
      extra: { paymentId: '5' },
    };
    await expect(scheme.createPaymentPayload(2, requirements)).rejects.toMatchObject({ code: 'payment_not_acceptable', phase: 'quote' });
    expect(await connection.getSignaturesForAddress(agent.publicKey, { limit: 1 })).toEqual(before);
  });

  it('a half payment is amount_mismatch on verify and settle', async () => {
    const merchant = Keypair.generate().publicKey.toBase58();
    const paymentId = randomPaymentId();
    const requirements: PaymentRequirements = {
      scheme: 'private',
      network,
      asset: net.mints.usdc,
      amount: '20000',
      payTo: merchant,
      maxTimeoutSeconds: 300,
      extra: { paymentId },
    };
    await payPrivately(merchant, '10000', paymentId);
    const answers = await verifyUntilObserved(requirements, { paymentId });
    expect(answers.at(-1)).toMatchObject({ isValid: false, invalidReason: 'amount_mismatch' });
    expect(await post<SettleAnswer>('settle', requirements, { paymentId })).toMatchObject({ success: false, errorReason: 'amount_mismatch', transaction: '' });
  });

  it('refuses what the private scheme cannot settle: another network, another asset, a bad payment id', async () => {
    const merchant = Keypair.generate().publicKey.toBase58();
    const base: PaymentRequirements = {
      scheme: 'private',
      network,
      asset: net.mints.usdc,
      amount: '10000',
      payTo: merchant,
      maxTimeoutSeconds: 300,
      extra: {},
    };
    const devnet: Network = 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1';
    expect(await post<VerifyAnswer>('verify', { ...base, network: devnet }, { paymentId: '5' })).toMatchObject({
      isValid: false,
      invalidReason: 'invalid_network',
    });
    expect(await post<VerifyAnswer>('verify', { ...base, asset: merchant }, { paymentId: '5' })).toMatchObject({
      isValid: false,
      invalidReason: 'asset_mismatch',
    });
    expect(await post<SettleAnswer>('settle', base, { paymentId: '0' })).toMatchObject({ success: false, errorReason: 'invalid_payload' });
    // The payload must name the id of the requirements the agent echoes in `accepted`.
    expect(await post<SettleAnswer>('settle', { ...base, extra: { paymentId: '6' } }, { paymentId: '5' })).toMatchObject({
      success: false,
      errorReason: 'invalid_payload',
    });
  });
});
