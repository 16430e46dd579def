// The privacy scenario shared by tests/privacy (a bounded round in `npm test`) and bench/privacy
// (the sweep): N agents pay M recipients concurrently through px402 with a price mix and a
// delay/denomination setting, then a chain observer that reads only a public RPC links senders to
// recipients by amount and time (libs/chain-observer). Built dists only (`npm run build`).
//
// Processes: localnet (chain, payments API, crank), a private nats-server, chain-poller and gateway
// (the facilitator's `/private/payments/:id`); in this process: one px402 resource server (Express,
// @quietpay/server with the facilitator lookup) with a route per (recipient, price), and the agents
// (@quietpay/sdk createPrivateClient).
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { fundAgents } from '../support/chain.mjs';
import { ROOT, removeDirs, requireBuilt, startBus, startLocalnetProcess, startPrivateFacilitator, stopAll } from '../support/stack.mjs';

const require = createRequire(import.meta.url);

/**
 * Starts the stack once; `round(settings)` runs one scenario on it and returns what the observer
 * learned. `stop()` ends every process.
 */
export async function startPrivacyStack({ agents: agentCount = 8, recipients: recipientCount = 3, slotMs = 100, crankMs = 100 } = {}) {
  requireBuilt([
    'infra/localnet/dist/main.js',
    'services/chain-poller/dist/main.js',
    'services/gateway/dist/main.js',
    'libs/sdk/dist/index.js',
    'libs/server/dist/index.js',
    'libs/chain-observer/dist/index.js',
  ]);
  const web3 = require('@solana/web3.js');
  const express = require('express');
  const splToken = require('@solana/spl-token');
  const { Redis } = require('ioredis');
  const server = require(`${ROOT}/libs/server/dist/index.js`);
  const sdk = require(`${ROOT}/libs/sdk/dist/index.js`);
  const observer = require(`${ROOT}/libs/chain-observer/dist/index.js`);

  try {
    return await startOn(await startLocalnetProcess({ slotMs, crankMs }));
  } catch (err) {
    await stopAll();
    throw err;
  }

  async function startOn({ info, stateDir }) {
    const run = `bench-privacy-${process.pid}-${randomBytes(3).toString('hex')}`;
    const nats = await startBus({ runId: run, redisNamespace: run });
    const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    const { gatewayUrl } = await startPrivateFacilitator(info, nats, run, { pollMs: 500 });
    const { agents, connection } = await fundAgents(info, agentCount);
    const recipients = Array.from({ length: recipientCount }, () => web3.Keypair.generate().publicKey.toBase58());
    const mb = info.modules.magicblock;
    const mint = new web3.PublicKey(info.mints.usdc);

    // One resource server; a route per (recipient, price), created on first use. The stack's Redis
    // user may touch only keys under the run's namespace.
    const redis = new Redis(redisUrl);
    const app = express();
    const lookup = server.facilitatorPaymentLookup(gatewayUrl, { mint: info.mints.usdc });
    const replay = new server.RedisReplayStore(redis, { prefix: `${run}:replay:` });
    const secrets = { current: randomBytes(32).toString('hex') };
    const routes = new Set();
    const routeFor = (recipient, price) => {
      const path = `/pay/${recipient}/${price}`;
      if (!routes.has(path)) {
        routes.add(path);
        app.get(path, server.px402Express({ price: { amount: BigInt(price), destination: recipient }, secrets, lookup, replay }), (_req, res) =>
          res.json({ ok: true }),
        );
      }
      return path;
    };
    const http = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const apiUrl = `http://127.0.0.1:${http.address().port}`;
    const kickUrl = `${info.endpoints.payments}/v1/spl/is-mint-initialized?${new URLSearchParams({ mint: info.mints.usdc, cluster: 'localnet' })}`;

    /**
     * One round: payment i is agent i % N paying recipient i % M the price prices[i % prices.length],
     * all at once. `transfer` is the SDK's private-transfer option (delays, denominations).
     */
    async function round({ payments = agentCount, prices, transfer }) {
      await fetch(kickUrl).catch(() => undefined);
      const before = (await connection.getSignaturesForAddress(new web3.PublicKey(mb.transferQueue), { limit: 1 }, 'confirmed'))[0]?.signature;
      const lamportsBefore = await Promise.all(agents.map((a) => connection.getBalance(a.publicKey, 'confirmed')));
      const truth = Array.from({ length: payments }, (_, i) => ({
        agent: agents[i % agents.length],
        sender: agents[i % agents.length].publicKey.toBase58(),
        recipient: recipients[i % recipients.length],
        price: BigInt(prices[i % prices.length]),
      }));
      const started = performance.now();
      const outcomes = await Promise.all(
        truth.map(async (p) => {
          const client = sdk.createPrivateClient({
            wallet: sdk.keypairWallet(p.agent),
            rpcUrl: info.endpoints.rpc,
            paymentsApiUrl: info.endpoints.payments,
            mint: info.mints.usdc,
            cluster: 'localnet',
            retry: { maxWaitMs: 90_000 },
            ...(transfer ? { transfer } : {}),
          });
          const t0 = performance.now();
          try {
            const { response, payments: made } = await client.fetchWithReceipt(`${apiUrl}${routeFor(p.recipient, p.price)}`);
            return { status: response.status, ms: performance.now() - t0, paid: made.length };
          } catch (err) {
            return { status: 0, ms: performance.now() - t0, paid: 0, error: err instanceof Error ? err.message : String(err) };
          }
        }),
      );
      const wallMs = performance.now() - started;
      const seen = await observer.observePrivateQueue(connection, new web3.PublicKey(mb.transferQueue), mint, new web3.PublicKey(mb.vault), before);
      const { links, anonymitySets } = observer.linkByAmountAndTime(seen.sends, seen.receipts);
      const lamportsAfter = await Promise.all(agents.map((a) => connection.getBalance(a.publicKey, 'confirmed')));
      // No transaction of the round may name a payment's sender and its recipient together (wallet
      // or token account). Each send naming its sender and each settlement its recipient shows the
      // check sees the parties where they are, so "names both: 0" is not a blind check.
      const party = (wallet) => [new web3.PublicKey(wallet), splToken.getAssociatedTokenAddressSync(mint, new web3.PublicKey(wallet))];
      const fetched = await Promise.all(
        [...seen.sends, ...seen.receipts].map(async (t) => {
          const tx = await connection.getTransaction(t.signature, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
          return tx === null ? undefined : { seen: t, tx: observer.visibleParts(tx) };
        }),
      );
      const visible = fetched.filter((v) => v !== undefined);
      const namingBoth = visible.filter(({ tx }) =>
        truth.some((t) => observer.namesParty(tx, party(t.sender)) && observer.namesParty(tx, party(t.recipient))),
      ).length;
      const namingOwnParty = visible.filter(({ seen: t, tx }) => observer.namesParty(tx, party('sender' in t ? t.sender : t.recipient))).length;
      const linked = observer.countLinkedPayments(truth, links);
      return {
        payments,
        served: outcomes.filter((o) => o.status === 200).length,
        errors: outcomes.filter((o) => o.error).map((o) => o.error),
        latenciesMs: outcomes.map((o) => o.ms),
        wallMs,
        sends: seen.sends.length,
        transactionsNamingBoth: namingBoth,
        transactionsNamingOwnParty: namingOwnParty,
        transactionsInspected: visible.length,
        receipts: seen.receipts.length,
        linked,
        wrongLinks: links.length - links.filter((l) => truth.some((t) => t.sender === l.sender && t.recipient === l.recipient)).length,
        anonymitySets,
        lamportsPerPayment: lamportsBefore.reduce((a, b, i) => a + (b - lamportsAfter[i]), 0) / payments,
      };
    }

    async function stop() {
      http.closeAllConnections();
      await new Promise((done) => http.close(() => done()));
      redis.disconnect();
      await stopAll();
      removeDirs([stateDir, nats.storeDir]);
    }

    return { round, stop, agents: agents.length, recipients: recipients.length };
  }
}
