// Session scheme through the whole pipeline on localnet: settlements per second and the latency of
// the facilitator's `/verify` and per-call `/settle` (gateway → session-ledger → submitter →
// tx-builder → signer → chain). One session is opened with the SDK (`createSession`, the `agent`
// dev wallet, a large cap); then BENCH_CALLS payments, each a fresh `buildSessionPaymentPayload`,
// go /verify then /settle (as the resource-server paywall does) at BENCH_CONCURRENCY.
//
// The pipeline is run step by step and the report names the first step that fails (stack start,
// /supported, session open, /verify, /settle) with the answer it got: no figure is written for a
// step that did not complete. Writes bench/reports/settle.md.
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, deadChildren, machine, ms, removeDirs, requireBuilt, rpcCall, startLocalnetProcess, startNats, startService, stopAll, stopOnSignals, summarize } from '../private/stack.mjs';

const require = createRequire(import.meta.url);
const web3 = require('@solana/web3.js');
const sdk = require('@quietpay/sdk');

const num = (name, fallback) => Number(process.env[name] ?? fallback);
const P = {
  calls: num('BENCH_CALLS', 200),
  concurrency: num('BENCH_CONCURRENCY', 8),
  price: num('BENCH_PRICE', 1000), // base units per call
  cap: process.env.BENCH_CAP ?? '1000', // whole tokens: never the limit within one run
  slotMs: num('BENCH_SLOT_MS', 400),
  timeoutS: num('BENCH_TIMEOUT_S', 240),
  report: process.env.BENCH_REPORT ?? 'bench/reports/settle.md',
};
const SERVICES = ['signer', 'tx-builder', 'decrypt-proxy', 'submitter', 'session-ledger', 'gateway'];
const now = () => performance.now();

/** A pipeline step that failed: the report prints `step` and `detail` instead of figures. */
class StepFailed extends Error {
  constructor(step, detail) {
    super(`${step}: ${detail}`);
    this.step = step;
    this.detail = detail;
  }
}

async function step(name, fn) {
  console.error(`» ${name}`);
  try {
    return await fn();
  } catch (e) {
    if (e instanceof StepFailed) throw e;
    throw new StepFailed(name, e instanceof Error ? (e.stack ?? e.message) : String(e));
  }
}

/** Each service as scripts/stack runs it, but on a private NATS, ephemeral ports and per-run Redis keys. */
async function serviceEnvFor(name, info, natsUrl, run) {
  const { serviceEnv } = await import(join(ROOT, 'scripts/stack/services.mjs'));
  const env = {
    ...serviceEnv(name, info),
    NATS_URL: natsUrl,
    LOG_LEVEL: 'info',
    INSTANCE_ID: `${run}-${name}`,
    LEDGER_KEY_PREFIX: `${run}:ledger:`,
    SUBMITTER_KEY_PREFIX: `${run}:submitter`,
    BULLMQ_PREFIX: `${run}:bull`,
    DECRYPT_KEY_PREFIX: `${run}:decrypt`,
  };
  if (name === 'gateway') env.PORT = '0';
  else env.HTTP_PORT = '0';
  return env;
}

async function startStack(dirs) {
  requireBuilt(['infra/localnet/dist/main.js', 'libs/sdk/dist/index.js', ...SERVICES.map((s) => `services/${s}/dist/main.js`)]);
  const { info, stateDir } = await startLocalnetProcess({ slotMs: P.slotMs });
  dirs.push(stateDir);
  if (!info.mints.inco || !info.endpoints.covalidator) throw new Error(`localnet started without the Inco module (mints ${JSON.stringify(info.mints)})`);
  const nats = await startNats();
  dirs.push(nats.storeDir);
  const run = `bench-settle-${process.pid}-${randomBytes(3).toString('hex')}`;
  const started = await Promise.all(SERVICES.map(async (name) => [name, await startService(name, await serviceEnvFor(name, info, nats.url, run))]));
  return { info, gatewayUrl: `http://127.0.0.1:${Object.fromEntries(started).gateway.port}` };
}

async function post(url, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = { raw: text };
  }
  return { status: res.status, json };
}

async function main(dirs) {
  stopOnSignals();
  const { info, gatewayUrl } = await step('start localnet, nats-server and the session services', () => startStack(dirs));
  const merchant = info.wallets.merchant.publicKey;
  const agent = web3.Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(info.wallets.agent.keypairPath, 'utf8'))));

  // Requirements exactly as the resource-server paywall (libs/server sessionPaywall) builds them.
  const requirements = await step('GET /supported (session kind)', async () => {
    const res = await fetch(`${gatewayUrl}/supported`);
    const body = await res.json();
    const kind = body.kinds?.find((k) => k.scheme === 'session');
    if (!kind) throw new Error(`no session kind in /supported (HTTP ${res.status}): ${JSON.stringify(body)}`);
    return { scheme: 'session', network: kind.network, asset: kind.extra.mint, amount: String(P.price), payTo: merchant, maxTimeoutSeconds: 60, extra: kind.extra };
  });

  const storage = sdk.memorySessionStorage();
  const opened = await step('open session (SDK createSession: approve → POST /sessions)', async () => {
    const t0 = now();
    const session = await sdk.createSession({
      wallet: sdk.keypairWallet(agent),
      facilitatorUrl: gatewayUrl,
      rpcUrl: info.endpoints.rpc,
      cap: P.cap,
      expiresInSeconds: 3600,
      recipient: merchant,
      storage,
    });
    return { session, openMs: now() - t0 };
  });
  const stored = await storage.get(opened.session.sessionId);
  const secretKey = Uint8Array.from(Buffer.from(stored.sessionSecretKey, 'base64'));
  const required = (i) => ({ x402Version: 2, resource: { url: `http://bench.invalid/call/${i}` }, accepts: [requirements] });
  const body = (i) => {
    const req = required(i);
    return { x402Version: 2, paymentPayload: sdk.buildSessionPaymentPayload(req, requirements, stored.sessionId, secretKey), paymentRequirements: requirements };
  };

  // One call through both steps first: a broken pipeline is reported with its answer, not as 200 timeouts.
  await step('first /verify', async () => {
    const r = await post(`${gatewayUrl}/verify`, body('probe-verify'));
    if (r.status !== 200 || r.json.isValid !== true) throw new Error(`HTTP ${r.status} ${JSON.stringify(r.json)}`);
  });
  await step('first /settle (verify then settle, one payment)', async () => {
    const b = body('probe-settle');
    const v = await post(`${gatewayUrl}/verify`, b);
    if (v.status !== 200 || v.json.isValid !== true) throw new Error(`verify HTTP ${v.status} ${JSON.stringify(v.json)}`);
    const s = await post(`${gatewayUrl}/settle`, b);
    if (s.status !== 200 || s.json.success !== true) throw new Error(`HTTP ${s.status} ${JSON.stringify(s.json)}`);
  });

  const calls = await step(`${P.calls} payments at concurrency ${P.concurrency}`, async () => {
    const results = [];
    let next = 0;
    const deadline = now() + P.timeoutS * 1000;
    const t0 = now();
    await Promise.all(
      Array.from({ length: P.concurrency }, async () => {
        while (next < P.calls && now() < deadline) {
          const i = next++;
          const b = body(i);
          const r = { i, verifyMs: 0, settleMs: 0, ok: false, error: '' };
          const tv = now();
          const v = await post(`${gatewayUrl}/verify`, b);
          r.verifyMs = now() - tv;
          if (v.status !== 200 || v.json.isValid !== true) {
            r.error = `verify ${v.status} ${v.json.invalidReason ?? v.json.error ?? JSON.stringify(v.json)}`;
          } else {
            const ts = now();
            let s = await post(`${gatewayUrl}/settle`, b);
            // As the paywall does (and @x402/core ≥ 2.24): one retry when the settlement is still pending.
            if (s.json.success !== true && s.json.errorReason === 'settlement_pending') s = await post(`${gatewayUrl}/settle`, b);
            r.settleMs = now() - ts;
            r.tDone = now();
            if (s.status === 200 && s.json.success === true) {
              r.ok = true;
              r.transaction = s.json.transaction;
            }
            else r.error = `settle ${s.status} ${s.json.errorReason ?? s.json.error ?? JSON.stringify(s.json)}`;
          }
          results.push(r);
        }
      }),
    );
    return { results, seconds: (now() - t0) / 1000 };
  });
  const record = await opened.session.getSession().catch(() => null);
  // "success" is the facilitator's word: check each returned transaction on the chain itself.
  const onChain = await step('check the settlement transactions on chain', async () => {
    const sigs = calls.results.filter((r) => r.ok).map((r) => r.transaction);
    let landed = 0;
    for (let k = 0; k < sigs.length; k += 256) {
      const { value } = await rpcCall(info.endpoints.rpc, 'getSignatureStatuses', [sigs.slice(k, k + 256), { searchTransactionHistory: true }]);
      landed += value.filter((st) => st && st.err === null && st.confirmationStatus !== 'processed').length;
    }
    return { landed, distinct: new Set(sigs).size };
  });
  return { opened, calls, record, onChain };
}

function writeReport(text) {
  mkdirSync(join(ROOT, 'bench/reports'), { recursive: true });
  writeFileSync(join(ROOT, P.report), text);
  console.error(`» wrote ${P.report}`);
}

const header = () => {
  const m = machine();
  return `# session scheme: /verify and per-call /settle on localnet

One session opened with the SDK (\`createSession\`, \`agent\` dev wallet, cap ${P.cap}); ${P.calls} payments of ${P.price} base units, each a fresh \`buildSessionPaymentPayload\`, sent to the gateway's \`/verify\` then \`/settle\` (SETTLEMENT_MODE=per-call: /settle answers when the transfer confirmed, or \`settlement_pending\`, retried once) with ${P.concurrency} payments under way. Pipeline: gateway → session-ledger → submitter → tx-builder → signer → localnet, each service its own process on a private nats-server; localnet slot ${P.slotMs} ms.

Machine: ${m.cores} cores (${m.cpu}), ${m.memGiB} GiB, Node ${m.node}, ${new Date().toISOString()}. **The ${m.cores} cores are shared** by the load generator, localnet (chain + covalidator), nats-server, Redis and six services.
`;
};

const dirs = [];
let code = 1;
try {
  const { opened, calls, record, onChain } = await main(dirs);
  const ok = calls.results.filter((r) => r.ok);
  const errors = [...new Set(calls.results.filter((r) => !r.ok).map((r) => r.error))].slice(0, 5);
  const v = summarize(calls.results.map((r) => r.verifyMs));
  const s = summarize(ok.map((r) => r.settleMs));
  const table = [
    '| latency (ms) | n | mean | p50 | p95 | p99 | max |',
    '|---|---|---|---|---|---|---|',
    `| /verify | ${v.n} | ${ms(v.mean)} | ${ms(v.p50)} | ${ms(v.p95)} | ${ms(v.p99)} | ${ms(v.max)} |`,
    `| /settle (per-call, successful) | ${s.n} | ${ms(s.mean)} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${ms(s.max)} |`,
  ].join('\n');
  const throughput = `Settlements: ${ok.length} of ${P.calls} succeeded in ${calls.seconds.toFixed(2)} s = **${(ok.length / calls.seconds).toFixed(1)} settlements/s** (verify + settle, ${P.concurrency} under way). Session open took ${ms(opened.openMs)} ms. On chain: ${onChain.landed} of the ${onChain.distinct} distinct settlement signatures /settle returned are confirmed without error.`;
  const outcome = `${record ? `Session record after the run: spent ${record.spent} of cap ${record.cap} (status ${record.status}).` : ''}${errors.length ? `\n\nFailures:\n\n${errors.map((e) => `- ${e}`).join('\n')}` : ''}`;
  console.log(`${table}\n\n${throughput}\n${outcome}`);
  writeReport(`${header()}\n${table}\n\n${throughput}\n\n${outcome}\n\nReproduce: \`npm run build && node bench/settle/run.mjs\` (BENCH_CALLS, BENCH_CONCURRENCY, BENCH_PRICE, BENCH_CAP, BENCH_SLOT_MS, BENCH_TIMEOUT_S).\n`);
  code = ok.length === P.calls ? 0 : 1;
} catch (e) {
  const stepName = e instanceof StepFailed ? e.step : 'unexpected';
  const detail = e instanceof StepFailed ? e.detail : e instanceof Error ? (e.stack ?? e.message) : String(e);
  const dead = deadChildren();
  console.error(`✗ pipeline failed at step "${stepName}":\n${detail}${dead.length ? `\n\nprocesses that exited:\n${dead.join('\n\n')}` : ''}`);
  // The report says where the pipeline stopped; it carries no figures, because none were measured.
  writeReport(`${header()}\n## Not measured: the pipeline failed at step "${stepName}"\n\n\`\`\`\n${detail.slice(0, 4000)}\n\`\`\`\n${dead.length ? `\nProcesses that exited:\n\n\`\`\`\n${dead.join('\n\n').slice(0, 4000)}\n\`\`\`\n` : ''}\nReproduce: \`npm run build && node bench/settle/run.mjs\`.\n`);
} finally {
  await stopAll();
  removeDirs(dirs);
}
process.exit(code);
