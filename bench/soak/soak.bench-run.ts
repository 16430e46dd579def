import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPrivateClient, createSession, keypairWallet, memorySessionStorage, readPaymentRequired } from '@quietpay/sdk';
import { Keypair } from '@solana/web3.js';
import { it } from 'vitest';
// The example private API is the px402 resource server the load pays, as tests/private runs it.
import { createPrivateApiApp, loadPrivateApiConfig } from '../../examples/private-api/src/index';
import { PaidLoad } from '../../tests/chaos/support/paid-load';
import { startRedisServer } from '../../tests/support/redis-server.process';
import { startSessionStack } from '../../tests/support/session-stack';
import { answerHistogram, renderSoakReport } from './report';
import { keyFamilies, sample, type SoakSample } from './samples';

// bench/soak (run through bench/soak/run.mjs): both schemes under a steady load for SOAK_SECONDS.

const num = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number`);
  return value;
};

const P = {
  seconds: num('SOAK_SECONDS', 3600),
  sampleS: num('SOAK_SAMPLE_S', 15),
  // A new session every rotateS; each lasts sessionS, and its ledger keys retentionS more.
  rotateS: num('SOAK_ROTATE_S', 120),
  sessionS: num('SOAK_SESSION_S', 180),
  retentionS: num('SOAK_RETENTION_S', 60),
  sessionWorkers: num('SOAK_SESSION_WORKERS', 2),
  // The facilitator's lamport budget per session (session-ledger's SESSION_LAMPORT_BUDGET, here the
  // service default); a session is rotated before it is spent, see callsPerSession.
  sessionLamportBudget: num('SOAK_SESSION_LAMPORT_BUDGET', 500_000_000),
  privateWorkers: num('SOAK_PRIVATE_WORKERS', 1),
  mode: (process.env['SOAK_MODE'] ?? 'per-call') as 'per-call' | 'batched',
  report: process.env['BENCH_REPORT'] ?? 'bench/reports/soak.md',
};

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// What one served call may count against the session's lamport budget: session-ledger holds
// SESSION_LAMPORTS_HELD_PER_CHARGE (2,000,000) per charge in flight, and a per-call settlement then
// costs about 1.93M (two allowance rents and a fee; batched settlements cost less per call).
const LAMPORTS_PER_CALL = 2_000_000;

/**
 * Served calls after which a session is rotated, so it never runs into
 * `facilitator_budget_exhausted` (the 30-minute soak of 2026-12-06 did: at about 259 calls per 120 s
 * rotation a session passed the ~250 settlements that 0.5 SOL pays for). Kept clear of the budget by
 * the open's cost (one call's worth) and, per worker, its call in flight when the count is reached
 * and one more of slack.
 */
function callsPerSession(budgetLamports: number, workers: number): number {
  return Math.floor(budgetLamports / LAMPORTS_PER_CALL) - 1 - 2 * workers;
}

it('soak', async () => {
  const startedAt = new Date();
  const redis = await startRedisServer();
  const stack = await startSessionStack({
    redisUrl: redis.url,
    paidApiEnv: { CHAT_PRICE: '0.001' },
    serviceEnv: {
      SETTLEMENT_MODE: P.mode,
      LEDGER_RETENTION_SECONDS: String(P.retentionS),
      SETTLEMENT_RECORD_TTL_SECONDS: String(P.retentionS),
      NATS_REQUEST_TIMEOUT_MS: '5000',
      SETTLE_TIMEOUT_MS: '30000',
      SESSION_LAMPORT_BUDGET: String(P.sessionLamportBudget),
    },
  });
  const rotateAfterCalls = callsPerSession(P.sessionLamportBudget, P.sessionWorkers);
  if (rotateAfterCalls < 1)
    throw new Error(`SOAK_SESSION_LAMPORT_BUDGET ${P.sessionLamportBudget} pays for no call; at least ${LAMPORTS_PER_CALL * (2 + 2 * P.sessionWorkers)}`);
  const admin = redis.admin();
  const apiRedis = redis.admin();
  let server: Server | undefined;
  const samples: SoakSample[] = [];
  const privateOutcomes: { status: number; error: string | undefined }[] = [];
  const sessionLoads: PaidLoad[] = [];
  try {
    const config = loadPrivateApiConfig({
      PORT: '0',
      FACILITATOR_URL: stack.gatewayUrl,
      MERCHANT_WALLET: stack.wallets.merchant.publicKey.toBase58(),
      USDC_MINT: stack.net.mints.usdc,
      PX402_HMAC_SECRET_CURRENT: randomBytes(32).toString('hex'),
      REDIS_URL: redis.url,
      REDIS_PREFIX: `${stack.run}:private-api:`,
      RATE_LIMIT_PER_MINUTE: '100000',
      RETRY_RATE_LIMIT_PER_MINUTE: '100000',
    });
    const app = createPrivateApiApp(config, { redis: apiRedis });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const agent2 = Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(stack.net.wallets['agent2']!.keypairPath, 'utf8')) as number[]));
    const privateClient = createPrivateClient({
      wallet: keypairWallet(agent2),
      rpcUrl: stack.net.endpoints.rpc,
      paymentsApiUrl: stack.net.endpoints.payments ?? '',
      mint: stack.net.mints.usdc,
      cluster: 'localnet',
      retry: { schedule: [250], maxWaitMs: 60_000 },
    });

    const startedMs = Date.now();
    const endMs = startedMs + P.seconds * 1000;
    const servedSession = (): number => sessionLoads.reduce((sum, l) => sum + l.outcomes.filter((o) => o.status === 200).length, 0);
    const servedPrivate = (): number => privateOutcomes.filter((o) => o.status === 200).length;

    const privateWorkers = Array.from({ length: P.privateWorkers }, async () => {
      while (Date.now() < endMs) {
        const outcome = await privateClient
          .fetch(`${apiUrl}/api/sentiment`)
          .then(async (res) => {
            // Why a call was not served: the 402's error, else the body's (as PaidLoad reads it).
            const error =
              res.status === 200
                ? undefined
                : (readPaymentRequired(res)?.error ?? ((await res.json().catch(() => ({}))) as { error?: string }).error ?? `http_${res.status}`);
            await res.body?.cancel().catch(() => undefined);
            return { status: res.status, error };
          })
          .catch((e: unknown) => ({ status: 0, error: e instanceof Error ? e.message : String(e) }));
        privateOutcomes.push(outcome);
        if (outcome.status !== 200) await wait(500);
      }
    });

    const rotation = (async () => {
      while (Date.now() < endMs) {
        const handle = await createSession({
          wallet: keypairWallet(stack.wallets.agent),
          facilitatorUrl: stack.gatewayUrl,
          connection: stack.connection,
          cap: '2',
          expiresInSeconds: P.sessionS,
          recipient: stack.wallets.merchant.publicKey.toBase58(),
          storage: memorySessionStorage(),
        });
        const load = new PaidLoad(stack.paidApiUrl, [{ payer: 'agent', handle, stopAtCap: true }], P.sessionWorkers);
        const previous = sessionLoads.at(-1);
        sessionLoads.push(load);
        load.start();
        if (previous) await previous.stop();
        // The next session every rotateS, or sooner once this one has served what its lamport budget
        // pays for (a fast machine serves more per rotation than the budget covers). `until` checks
        // after every call; a spent session is stopped at once (its calls in flight finish), not kept
        // calling while the next one opens.
        const rotateInMs = Math.max(1, Math.min(P.rotateS * 1000, endMs - Date.now()));
        const spent = await load
          .until(() => load.servedSince(0) >= rotateAfterCalls, 'the session budget', rotateInMs)
          .then(
            () => true,
            () => false,
          );
        if (spent) await load.stop();
      }
      await sessionLoads.at(-1)?.stop();
    })();

    while (Date.now() < endMs) {
      samples.push(await sample(stack, admin, startedMs, { session: servedSession(), private: servedPrivate() }));
      process.stdout.write(`[soak] ${JSON.stringify(samples.at(-1))}\n`);
      await wait(Math.min(P.sampleS * 1000, Math.max(0, endMs - Date.now())));
    }
    await Promise.all([rotation, ...privateWorkers]);
    samples.push(await sample(stack, admin, startedMs, { session: servedSession(), private: servedPrivate() }));
    const families = await keyFamilies(admin, stack.run);
    const sessionOutcomes = sessionLoads.flatMap((l) => l.outcomes);
    writeFileSync(
      P.report,
      renderSoakReport({
        startedAt,
        parameters: P,
        samples,
        families,
        calls: {
          session: { total: sessionOutcomes.length, served: sessionOutcomes.filter((o) => o.status === 200).length, sessions: sessionLoads.length },
          private: { total: privateOutcomes.length, served: servedPrivate() },
        },
        answers: [...answerHistogram('session', sessionOutcomes), ...answerHistogram('private', privateOutcomes)],
      }),
    );
    process.stdout.write(`report written to ${P.report}\n`);
  } finally {
    server?.closeAllConnections();
    server?.close();
    admin.disconnect();
    apiRedis.disconnect();
    await stack.stop();
    await redis.stop();
  }
});
