import type { RunningLocalnet } from '@quietpay/infra-localnet';
import { createPrivateClient, keypairWallet, type PrivateClient } from '@quietpay/sdk';
import { px402Express, RedisRateLimiter, RedisReplayStore, signPaymentToken } from '@quietpay/server';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Connection, Keypair } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPeerServer, type PeerServer } from '../support/px402-peer/px402-server.peer';
import { MARKER, PeerSubscriber } from '../support/px402-peer/px402-subscriber.peer';
import { peerMint, peerVerify } from '../support/px402-peer/px402-token.peer';
import { peerSubscriberLookup } from '../support/px402-peer/peer-subscriber.lookup';
import { localnetWallet, payPrivately as payPrivatelyOn, startPrivateLocalnet } from '../support/private-localnet';
import { eventually } from '../support/service.process';

// px402's peers played from their documented wire format (PROTOCOLS.md §3–4) against localnet: a
// px402-shaped resource server (first quote reason "initial", bare pending) paid by quietpay's SDK,
// and px402's subscriber rule (marker line + client_ref_id + token-balance delta) reading
// localnet's settlements.
describe('px402 interop on localnet', () => {
  let net: RunningLocalnet;
  let connection: Connection;
  let agent: Keypair;
  let queuePda: string;

  beforeAll(async () => {
    // The fee as devnet takes it: 9990 of a 10000 transfer arrives (PROTOCOLS.md §3).
    net = await startPrivateLocalnet({ feeMode: 'deducted' });
    connection = new Connection(net.endpoints.rpc, 'confirmed');
    agent = localnetWallet(net, 'agent');
    queuePda = String(net.modules['magicblock']?.['transferQueue']);
  });

  afterAll(async () => {
    await net?.stop();
  });

  const subscriberFor = async (receiver: string): Promise<PeerSubscriber> => {
    const sub = new PeerSubscriber(net.endpoints.rpc, queuePda, net.mints.usdc, receiver);
    await sub.start(100);
    return sub;
  };

  it('quietpay\'s SDK pays a px402-shaped server: reason "initial" quote, bare payment_pending answers, then 200', async () => {
    const merchant = Keypair.generate().publicKey.toBase58();
    const sub = await subscriberFor(merchant);
    let server: PeerServer | undefined;
    try {
      server = await startPeerServer({ pricing: { '/api/sentiment': '10000' }, paymentAddress: merchant, secrets: ['p'.repeat(32)], index: sub });
      const seen: string[] = [];
      const observing: typeof fetch = async (input, init) => {
        const res = await fetch(input, init);
        const body = (await res
          .clone()
          .json()
          .catch(() => ({}))) as { error?: string; reason?: string };
        seen.push(`${res.status}:${body.error ?? ''}:${body.reason ?? ''}:${res.headers.get('x-payment-id') ?? '-'}`);
        return res;
      };
      // Held in the queue so the paid retry meets px402's bare pending answer first.
      const client = sdkClient({ fetch: observing, transfer: { minDelayMs: 1_500, maxDelayMs: 1_500 } });

      const { response, payments } = await client.fetchWithReceipt(`${server.url}/api/sentiment/`);

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true, path: '/api/sentiment' });
      expect(payments).toHaveLength(1);
      expect(seen[0]).toMatch(/^402:payment_required:initial:\d+$/);
      // px402's pending answer carries no quote headers; the client kept its id and token.
      expect(seen).toContain('402:payment_pending::-');
      expect(seen.at(-1)).toMatch(/^200::/);
      const settled = sub.lookup(payments[0]!.paymentId);
      expect(response.headers.get('x-payment-signature')).toBe(settled?.signature);
      expect(payments[0]!.settlementSignature).toBe(settled?.signature);
      // Devnet's fee rule: the merchant got 9990 and px402's ≥ 99 % rule let it pay.
      expect(settled?.amount).toBe(9_990n);
    } finally {
      await server?.stop();
      sub.stop();
    }
  });

  it("px402's subscriber rule finds every localnet settlement (5 of 5), with the marker line inside the SPLxh1 frame", async () => {
    const receiver = Keypair.generate().publicKey.toBase58();
    const sub = await subscriberFor(receiver);
    try {
      const ids = ['9001', '9002', '9003', '9004', '9005'];
      for (const [i, id] of ids.entries()) await payPrivately(receiver, String(1_000 * (i + 1)), id);
      const found = await eventually(async () => (sub.settlements.length === ids.length ? sub.settlements : undefined), 'five settlements');
      expect(found.map((s) => s.clientRefId).sort()).toEqual(ids);
      for (const s of found) {
        const tx = await connection.getTransaction(s.signature, { maxSupportedTransactionVersion: 0, commitment: 'confirmed' });
        const logs = tx?.meta?.logMessages ?? [];
        const open = logs.indexOf('Program SPLxh1LVZzEkX99H6rqYizhytLWPZVV296zyYDPagv2 invoke [2]');
        const close = logs.findIndex((l, i) => i > open && l.startsWith('Program SPLxh1LVZzEkX99H6rqYizhytLWPZVV296zyYDPagv2 success'));
        const frame = logs.slice(open, close);
        expect(open).toBeGreaterThan(0);
        expect(frame).toContain(MARKER);
        expect(frame).toContain(`Program log: client_ref_id: ${s.clientRefId}`);
        expect(s.amount).toBeGreaterThan(0n);
      }
    } finally {
      sub.stop();
    }
  });

  describe("a mixed fleet: quietpay's middleware and a px402 server share a secret on one receiver", () => {
    const SECRET = 'shared-secret-shared-secret-shared-secret';
    const merchant = Keypair.generate().publicKey.toBase58();
    let sub: PeerSubscriber;
    let peer: PeerServer;
    let redis: Redis;
    let quietpay: Server;
    let quietpayUrl: string;
    const prefix = `test:px402-interop:${randomUUID()}:`;

    beforeAll(async () => {
      sub = await subscriberFor(merchant);
      peer = await startPeerServer({ pricing: { '/api/sentiment': '10000' }, paymentAddress: merchant, secrets: [SECRET], index: sub });
      redis = new Redis('redis://127.0.0.1:6379');
      const app = express();
      app.get(
        '/api/sentiment',
        px402Express({
          price: { amount: 10_000n, destination: merchant },
          secrets: { current: SECRET },
          lookup: peerSubscriberLookup(sub, merchant),
          replay: new RedisReplayStore(redis, { prefix }),
          rateLimiter: new RedisRateLimiter(redis, { limit: 60, windowMs: 60_000, prefix: `${prefix}quote:` }),
          retryRateLimiter: new RedisRateLimiter(redis, { limit: 600, windowMs: 60_000, prefix: `${prefix}retry:` }),
        }),
        (_req, res) => {
          res.json({ served: 'quietpay' });
        },
      );
      quietpay = await new Promise<Server>((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      quietpayUrl = `http://127.0.0.1:${(quietpay.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      quietpay?.closeAllConnections();
      await new Promise<void>((done) => (quietpay ? quietpay.close(() => done()) : done()));
      await peer?.stop();
      sub?.stop();
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    });

    /** Quote at one server, pay on localnet, then resume at the other with the id and token. */
    async function quoteHerePayThere(quoteUrl: string, serveUrl: string): Promise<Response> {
      const quote = await fetch(`${quoteUrl}/api/sentiment`);
      expect(quote.status).toBe(402);
      const id = quote.headers.get('x-payment-id')!;
      const token = quote.headers.get('x-payment-token')!;
      const client = sdkClient();
      await client.transfer(merchant, 10_000n, { clientRefId: id });
      return client.fetch(`${serveUrl}/api/sentiment`, { headers: { 'X-Payment-Id': id, 'X-Payment-Token': token } });
    }

    it('a px402-minted token is paid and served by quietpay (9990 delivered: within the default tolerance)', async () => {
      const res = await quoteHerePayThere(peer.url, quietpayUrl);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ served: 'quietpay' });
      expect(res.headers.get('x-payment-signature')).toBeTruthy();
    });

    it('a quietpay-minted token is paid and served by the px402 server', async () => {
      const res = await quoteHerePayThere(quietpayUrl, peer.url);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, path: '/api/sentiment' });
    });

    it('epoch-ms expiry means the same instant on both sides (a px402 token no longer lives until the year 58894)', async () => {
      const now = Date.now();
      const claims = { paymentId: '77', amount: '10000', expiry: now - 1, path: '/api/sentiment', destination: merchant };
      const lapsed = await fetch(`${quietpayUrl}/api/sentiment`, { headers: { 'X-Payment-Id': '77', 'X-Payment-Token': peerMint(claims, SECRET) } });
      expect(await lapsed.json()).toMatchObject({ error: 'payment_required', reason: 'expired' });
      const ours = signPaymentToken({ ...claims, expiry: now + 1_000 }, { current: SECRET });
      expect(peerVerify(ours, [SECRET], now + 999)).toMatchObject({ ok: true, claims: { expiry: now + 1_000 } });
      expect(peerVerify(ours, [SECRET], now + 1_000)).toEqual({ ok: false, why: 'expired' });
    });
  });

  function sdkClient(extra: { fetch?: typeof fetch; transfer?: { minDelayMs: number; maxDelayMs: number } } = {}): PrivateClient {
    return createPrivateClient({
      wallet: keypairWallet(agent),
      rpcUrl: net.endpoints.rpc,
      paymentsApiUrl: net.endpoints.payments ?? '',
      mint: net.mints.usdc,
      cluster: 'localnet',
      retry: { schedule: [200], maxWaitMs: 60_000 },
      ...extra,
    });
  }

  const payPrivately = (to: string, amount: string, clientRefId: string): Promise<string> =>
    payPrivatelyOn(net, connection, agent, { to, amount, clientRefId });
});
