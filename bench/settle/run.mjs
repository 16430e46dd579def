// Session scheme through the whole pipeline on localnet (gateway → session-ledger → submitter →
// tx-builder → signer → chain), three modes on the same machine and stack settings:
//
//   single  SETTLEMENT_MODE=per-call, one session (one source account): /verify and /settle latency,
//           settlements/s. Per-call settlement is serialised per source account.
//   multi   SETTLEMENT_MODE=per-call, BENCH_SESSIONS sessions from as many wallets (agent, agent2 and
//           fresh wallets funded with SOL by airdrop and Inco tokens by an IncoToken transfer from
//           agent2): does throughput grow with the number of source accounts?
//   batched SETTLEMENT_MODE=batched (gateway + submitter), one session: /settle answers after the
//           durable reservation; settled charges/s until every receipt (GET /settlements/:id) reads
//           `settled`, and how many on-chain transfers that took.
//
// single and multi share one stack; batched gets its own (the mode is a process setting). Each stack
// runs in a child process of this script (BENCH_STACK=per-call|batched), which starts and stops every
// process it needs, so the idle per-call stack never shares the 2 cores with the batched run.
// Every returned signature is checked on chain. A mode that fails is reported with the step that
// failed and the answer it got, never with figures. Writes bench/reports/settle.md.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, deadChildren, machine, ms, removeDirs, requireBuilt, rpcCall, startLocalnetProcess, startNats, startService, stopAll, stopOnSignals, summarize } from '../private/stack.mjs';

const require = createRequire(import.meta.url);
const web3 = require('@solana/web3.js');
const sdk = require('@quietpay/sdk');
const solana = require('@quietpay/solana');

const num = (name, fallback) => Number(process.env[name] ?? fallback);
const P = {
  calls: num('BENCH_CALLS', 100), // per mode
  concurrency: num('BENCH_CONCURRENCY', 8), // payments under way per session
  sessions: num('BENCH_SESSIONS', 4), // multi: sessions = source accounts
  price: num('BENCH_PRICE', 1000), // base units per call
  cap: process.env.BENCH_CAP ?? '1000', // whole tokens: never the limit within one run
  slotMs: num('BENCH_SLOT_MS', 400),
  batchWindowMs: num('BENCH_BATCH_WINDOW_MS', 2000),
  batchMaxSize: num('BENCH_BATCH_MAX_SIZE', 50),
  receiptPollMs: num('BENCH_RECEIPT_POLL_MS', 250),
  timeoutS: num('BENCH_TIMEOUT_S', 180), // per mode
  modes: (process.env.BENCH_MODES ?? 'single,multi,batched').split(',').map((m) => m.trim()).filter(Boolean),
  report: process.env.BENCH_REPORT ?? 'bench/reports/settle.md',
};
/** Warnings and errors the services logged (level ≥ 40), so a failed charge comes with the service's account of it. */
const serviceWarnings = [];
const SERVICES = ['signer', 'tx-builder', 'decrypt-proxy', 'submitter', 'session-ledger', 'gateway'];
const STACK_OF = { single: 'per-call', multi: 'per-call', batched: 'batched' };
const now = () => performance.now();
const sleep = (t) => new Promise((r) => setTimeout(r, t));
const keypairFrom = (path) => web3.Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(path, 'utf8'))));

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

// ───────────────────────────── child: one stack, its modes ─────────────────────────────

/** Each service as scripts/stack runs it, but on a private NATS, ephemeral ports and per-run Redis keys. */
async function serviceEnvFor(name, info, natsUrl, run, settlementMode) {
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
    SETTLEMENT_MODE: settlementMode,
  };
  if (name === 'submitter') Object.assign(env, { BATCH_WINDOW_MS: String(P.batchWindowMs), BATCH_MAX_SIZE: String(P.batchMaxSize) });
  if (name === 'gateway') env.PORT = '0';
  else env.HTTP_PORT = '0';
  return env;
}

async function startStack(dirs, settlementMode) {
  requireBuilt(['infra/localnet/dist/main.js', 'libs/sdk/dist/index.js', 'libs/solana/dist/index.js', ...SERVICES.map((s) => `services/${s}/dist/main.js`)]);
  const { info, stateDir } = await startLocalnetProcess({ slotMs: P.slotMs });
  dirs.push(stateDir);
  if (!info.mints.inco || !info.endpoints.covalidator) throw new Error(`localnet started without the Inco module (mints ${JSON.stringify(info.mints)})`);
  const nats = await startNats();
  dirs.push(nats.storeDir);
  const run = `bench-settle-${settlementMode}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const onLog = (name) => (log) => {
    if (['warn', 'error', 'fatal'].includes(log.level) || log.level >= 40 || /fail|error|reject|conflict/i.test(`${log.msg}`)) serviceWarnings.push(`${name}: ${JSON.stringify({ level: log.level, msg: log.msg, err: log.err?.message ?? log.err, reason: log.reason ?? log.failureReason, code: log.code })}`);
  };
  const started = await Promise.all(SERVICES.map(async (name) => [name, await startService(name, await serviceEnvFor(name, info, nats.url, run, settlementMode), { onLog: onLog(name) })]));
  // settlement.failed carries the chain's own detail, which the submitter's log line does not.
  const { connect } = await import('nats');
  const nc = await connect({ servers: nats.url });
  (async () => {
    for await (const m of nc.subscribe('quietpay.settlement.failed.v1')) {
      const e = JSON.parse(new TextDecoder().decode(m.data));
      serviceWarnings.push(`settlement.failed: ${e.reason ?? ''} ${(e.detail ?? JSON.stringify(e)).split('Logs:')[0].replace(/\s+/g, ' ').trim()}`);
    }
  })().catch(() => undefined);
  return { info, nc, gatewayUrl: `http://127.0.0.1:${Object.fromEntries(started).gateway.port}` };
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

/** Requirements exactly as the resource-server paywall (libs/server sessionPaywall) builds them. */
async function sessionRequirements(gatewayUrl, merchant) {
  const res = await fetch(`${gatewayUrl}/supported`);
  const body = await res.json();
  const kind = body.kinds?.find((k) => k.scheme === 'session');
  if (!kind) throw new Error(`no session kind in /supported (HTTP ${res.status}): ${JSON.stringify(body)}`);
  return { scheme: 'session', network: kind.network, asset: kind.extra.mint, amount: String(P.price), payTo: merchant, maxTimeoutSeconds: 60, extra: kind.extra };
}

/** Opens a session for `wallet` with the SDK; `body(i)` builds a fresh payment for call i. */
async function openSession(ctx, wallet, tag) {
  const storage = sdk.memorySessionStorage();
  const t0 = now();
  const session = await sdk.createSession({
    wallet: sdk.keypairWallet(wallet),
    facilitatorUrl: ctx.gatewayUrl,
    rpcUrl: ctx.info.endpoints.rpc,
    cap: P.cap,
    expiresInSeconds: 3600,
    recipient: ctx.merchant,
    storage,
  });
  const openMs = now() - t0;
  const stored = await storage.get(session.sessionId);
  const secretKey = Uint8Array.from(Buffer.from(stored.sessionSecretKey, 'base64'));
  const body = (i) => {
    const req = { x402Version: 2, resource: { url: `http://bench.invalid/${tag}/${i}` }, accepts: [ctx.requirements] };
    return { x402Version: 2, paymentPayload: sdk.buildSessionPaymentPayload(req, ctx.requirements, stored.sessionId, secretKey), paymentRequirements: ctx.requirements };
  };
  return { session, openMs, body, owner: wallet.publicKey.toBase58() };
}

/**
 * Fresh agent wallets for the multi mode: SOL by airdrop (they pay for their approve), and an
 * IncoToken account funded by a transfer from agent2 (libs/solana builders, amount encrypted to the
 * TEE), enough for their share of the calls twice over.
 */
async function freshAgents(info, count, amount) {
  if (count <= 0) return [];
  const connection = new web3.Connection(info.endpoints.rpc, 'confirmed');
  const inco = info.modules?.inco ?? {};
  if (!inco.incoTokenProgramId || !inco.incoLightningProgramId || !inco.teePublicKey) throw new Error(`localnet reports no Inco program ids / TEE key: ${JSON.stringify(inco)}`);
  const ids = { incoToken: new web3.PublicKey(inco.incoTokenProgramId), incoLightning: new web3.PublicKey(inco.incoLightningProgramId) };
  const mint = new web3.PublicKey(info.mints.inco);
  const funder = keypairFrom(info.wallets.agent2.keypairPath);
  const source = solana.incoTokenAccountAddress(ids, funder.publicKey, mint);
  const wallets = Array.from({ length: count }, () => web3.Keypair.generate());
  await Promise.all(wallets.map(async (kp) => connection.confirmTransaction(await connection.requestAirdrop(kp.publicKey, 2 * web3.LAMPORTS_PER_SOL), 'confirmed')));
  // One transfer per transaction, one after another: each spends agent2's latest balance handle.
  for (const kp of wallets) {
    const destination = solana.incoTokenAccountAddress(ids, kp.publicKey, mint);
    const ciphertext = await solana.encryptAmountForTee(amount, inco.teePublicKey);
    const tx = new web3.Transaction().add(
      solana.createIdempotentInstruction(ids, { payer: funder.publicKey, associatedToken: destination, wallet: kp.publicKey, mint }),
      solana.transferInstruction(ids, { source, destination, authority: funder.publicKey, ciphertext }),
    );
    await web3.sendAndConfirmTransaction(connection, tx, [funder], { commitment: 'confirmed' });
  }
  return wallets;
}

/** `calls` payments spread round-robin over `sessions`, `P.concurrency` under way per session. */
async function runLoad(ctx, sessions, calls, batched) {
  const results = [];
  const deadline = now() + P.timeoutS * 1000;
  const t0 = now();
  await Promise.all(
    sessions.map(async (s, k) => {
      const mine = Array.from({ length: calls }, (_, i) => i).filter((i) => i % sessions.length === k);
      let next = 0;
      await Promise.all(
        Array.from({ length: P.concurrency }, async () => {
          while (next < mine.length && now() < deadline) {
            const i = mine[next++];
            const b = s.body(i);
            const r = { i, session: k, verifyMs: 0, settleMs: 0, ok: false, error: '' };
            const tv = now();
            const v = await post(`${ctx.gatewayUrl}/verify`, b);
            r.verifyMs = now() - tv;
            if (v.status !== 200 || v.json.isValid !== true) {
              r.error = `verify ${v.status} ${v.json.invalidReason ?? v.json.error ?? JSON.stringify(v.json)}`;
            } else {
              const ts = now();
              let a = await post(`${ctx.gatewayUrl}/settle`, b);
              // As the paywall does (and @x402/core ≥ 2.24): one retry when the settlement is still pending.
              if (!batched && a.json.success !== true && a.json.errorReason === 'settlement_pending') a = await post(`${ctx.gatewayUrl}/settle`, b);
              r.settleMs = now() - ts;
              r.tAnswered = now() - t0;
              if (a.status === 200 && a.json.success === true) {
                r.ok = true;
                r.transaction = a.json.transaction;
                r.settlementId = a.json.extra?.settlementId;
                r.settlementStatus = a.json.extra?.settlementStatus;
                if (batched && !r.settlementId) {
                  r.ok = false;
                  r.error = `settle answered without extra.settlementId: ${JSON.stringify(a.json)}`;
                }
              } else r.error = `settle ${a.status} ${a.json.errorReason ?? a.json.error ?? JSON.stringify(a.json)}${a.json.errorMessage ? `: ${a.json.errorMessage}` : ''}`;
            }
            results.push(r);
          }
        }),
      );
    }),
  );
  return { results, t0, seconds: (now() - t0) / 1000 };
}

/** Counts the signatures the chain confirms without error (the facilitator's "success" checked). */
async function checkOnChain(info, signatures) {
  const sigs = [...new Set(signatures)];
  let landed = 0;
  for (let k = 0; k < sigs.length; k += 256) {
    const { value } = await rpcCall(info.endpoints.rpc, 'getSignatureStatuses', [sigs.slice(k, k + 256), { searchTransactionHistory: true }]);
    landed += value.filter((st) => st && st.err === null && st.confirmationStatus !== 'processed').length;
  }
  return { landed, distinct: sigs.length };
}

/** One call through /verify and /settle first: a broken pipeline is reported with its answer, not as timeouts. */
async function probe(ctx, s, batched) {
  await step('first /verify', async () => {
    const r = await post(`${ctx.gatewayUrl}/verify`, s.body('probe-verify'));
    if (r.status !== 200 || r.json.isValid !== true) throw new Error(`HTTP ${r.status} ${JSON.stringify(r.json)}`);
  });
  await step('first /settle (verify then settle, one payment)', async () => {
    const b = s.body('probe-settle');
    const v = await post(`${ctx.gatewayUrl}/verify`, b);
    if (v.status !== 200 || v.json.isValid !== true) throw new Error(`verify HTTP ${v.status} ${JSON.stringify(v.json)}`);
    const a = await post(`${ctx.gatewayUrl}/settle`, b);
    if (a.status !== 200 || a.json.success !== true) throw new Error(`HTTP ${a.status} ${JSON.stringify(a.json)}`);
    if (batched && !a.json.extra?.settlementId) throw new Error(`batched /settle answered without extra.settlementId: ${JSON.stringify(a.json)}`);
  });
}

const loadFigures = (load) => {
  const ok = load.results.filter((r) => r.ok);
  return {
    calls: load.results.length,
    ok: ok.length,
    seconds: load.seconds,
    verify: summarize(load.results.map((r) => r.verifyMs)),
    settle: summarize(ok.map((r) => r.settleMs)),
    errors: [...new Set(load.results.filter((r) => !r.ok).map((r) => r.error))].slice(0, 5),
  };
};

async function perCallMode(ctx, name, wallets) {
  const sessions = [];
  for (const [k, w] of wallets.entries()) sessions.push(await step(`${name}: open session ${k + 1}/${wallets.length} (SDK createSession: approve → POST /sessions)`, () => openSession(ctx, w, `${name}-${k}`)));
  await probe(ctx, sessions[0], false);
  const load = await step(`${name}: ${P.calls} payments over ${sessions.length} session(s), ${P.concurrency} under way per session`, () => runLoad(ctx, sessions, P.calls, false));
  const onChain = await step(`${name}: check the settlement transactions on chain`, () => checkOnChain(ctx.info, load.results.filter((r) => r.ok).map((r) => r.transaction)));
  const f = loadFigures(load);
  const perSession = sessions.map((_, k) => load.results.filter((r) => r.session === k && r.ok).length);
  return { ...f, sessions: sessions.length, openMs: sessions.map((s) => s.openMs), perSession, rate: f.ok / f.seconds, onChain, transfers: onChain.distinct };
}

async function batchedMode(ctx, wallet) {
  const s = await step('batched: open session (SDK createSession: approve → POST /sessions)', () => openSession(ctx, wallet, 'batched'));
  await probe(ctx, s, true);
  const load = await step(`batched: ${P.calls} payments over 1 session, ${P.concurrency} under way`, () => runLoad(ctx, [s], P.calls, true));
  const answered = load.results.filter((r) => r.ok);
  // Every charge's receipt, polled until settled (or failed): the moment each is first seen settled.
  const receipts = await step(`batched: poll GET /settlements/:id every ${P.receiptPollMs} ms until every receipt is settled`, async () => {
    const open = new Map(answered.map((r) => [r.settlementId, r]));
    const done = new Map();
    const deadline = now() + P.timeoutS * 1000;
    while (open.size > 0 && now() < deadline) {
      const ids = [...open.keys()];
      const got = await Promise.all(ids.map(async (id) => {
        const res = await fetch(`${ctx.gatewayUrl}/settlements/${id}`);
        return { id, status: res.status, body: await res.json().catch(() => null) };
      }));
      const t = now() - load.t0;
      for (const g of got) {
        if (g.status !== 200) throw new Error(`GET /settlements/${g.id}: HTTP ${g.status} ${JSON.stringify(g.body)}`);
        if (g.body.state === 'settled' || g.body.state === 'failed') {
          done.set(g.id, { ...g.body, t });
          open.delete(g.id);
        }
      }
      if (open.size > 0) await sleep(P.receiptPollMs);
    }
    return { done: [...done.values()], unsettled: open.size };
  });
  const settled = receipts.done.filter((r) => r.state === 'settled');
  const failed = receipts.done.filter((r) => r.state === 'failed');
  const onChain = await step('batched: check the batch transfers on chain', () => checkOnChain(ctx.info, settled.map((r) => r.signature)));
  const lastSettled = Math.max(0, ...settled.map((r) => r.t)) / 1000;
  const f = loadFigures(load);
  return {
    ...f,
    sessions: 1,
    openMs: [s.openMs],
    queued: answered.filter((r) => r.settlementStatus === 'queued').length,
    settled: settled.length,
    failedReceipts: failed.length,
    failureReasons: [...new Set(failed.map((r) => r.failureReason))].slice(0, 5),
    unsettled: receipts.unsettled,
    amountsOk: settled.every((r) => r.amount === String(P.price) && r.sessionId === s.session.sessionId),
    lastSettledS: lastSettled,
    rate: lastSettled > 0 ? settled.length / lastSettled : 0,
    transfers: onChain.distinct,
    chargesPerTransfer: onChain.distinct > 0 ? settled.length / onChain.distinct : 0,
    onChain,
  };
}

async function runStack(settlementMode, modes) {
  stopOnSignals();
  const dirs = [];
  const out = {};
  let stack;
  try {
    stack = await step(`start localnet, nats-server and the session services (SETTLEMENT_MODE=${settlementMode})`, () => startStack(dirs, settlementMode));
    const merchant = stack.info.wallets.merchant.publicKey;
    const requirements = await step('GET /supported (session kind)', () => sessionRequirements(stack.gatewayUrl, merchant));
    const ctx = { ...stack, merchant, requirements };
    const agent = keypairFrom(stack.info.wallets.agent.keypairPath);
    for (const mode of modes) {
      try {
        if (mode === 'single') out.single = await perCallMode(ctx, 'single', [agent]);
        else if (mode === 'multi') {
          const share = BigInt(Math.ceil(P.calls / Math.max(1, P.sessions)) * P.price);
          const extra = await step(`multi: fund ${Math.max(0, P.sessions - 2)} fresh wallets (airdrop SOL, IncoToken transfer from agent2)`, () => freshAgents(stack.info, P.sessions - 2, 2n * share + 1_000_000n));
          const wallets = [agent, keypairFrom(stack.info.wallets.agent2.keypairPath), ...extra].slice(0, P.sessions);
          out.multi = await perCallMode(ctx, 'multi', wallets);
        } else if (mode === 'batched') out.batched = await batchedMode(ctx, agent);
        out[mode].warnings = distinctWarnings();
      } catch (e) {
        out[mode] = { failed: failure(e) };
      }
    }
  } catch (e) {
    for (const mode of modes) out[mode] ??= { failed: failure(e) };
  } finally {
    await stack?.nc.close().catch(() => undefined);
    await stopAll();
    removeDirs(dirs);
  }
  return out;
}

/** The distinct service warnings logged since the previous call (at most 8). */
function distinctWarnings() {
  return [...new Set(serviceWarnings.splice(0))].slice(0, 8);
}

function failure(e) {
  const dead = deadChildren();
  return {
    step: e instanceof StepFailed ? e.step : 'unexpected',
    detail: (e instanceof StepFailed ? e.detail : e instanceof Error ? (e.stack ?? e.message) : String(e)).slice(0, 4000),
    dead: dead.join('\n\n').slice(0, 4000),
    warnings: distinctWarnings(),
  };
}

// ───────────────────────────── parent: stacks in turn, table, report ─────────────────────────────

function runChild(settlementMode, modes) {
  const file = join(mkdtempSync(join(tmpdir(), 'qp-bench-settle-')), 'result.json');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], {
      env: { ...process.env, BENCH_STACK: settlementMode, BENCH_MODES: modes.join(','), BENCH_RESULT_FILE: file },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.once('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      try {
        resolve(JSON.parse(readFileSync(file, 'utf8')));
      } catch {
        const f = { failed: { step: `stack process (SETTLEMENT_MODE=${settlementMode})`, detail: `exited ${code ?? signal} without a result`, dead: '' } };
        resolve(Object.fromEntries(modes.map((m) => [m, f])));
      }
      removeDirs([join(file, '..')]);
    });
  });
}

const LABEL = {
  single: 'per-call, 1 session',
  multi: () => `per-call, ${P.sessions} sessions / ${P.sessions} wallets`,
  batched: 'batched, 1 session',
};
const label = (m) => (typeof LABEL[m] === 'function' ? LABEL[m]() : LABEL[m]);
const rateText = (m, r) => (m === 'batched' ? `${r.rate.toFixed(1)} settled charges/s` : `${r.rate.toFixed(1)} settlements/s`);

function tables(res) {
  const modes = P.modes.filter((m) => res[m]);
  const summary = [
    '| mode | source accounts | calls ok | in flight | throughput | /settle p50 | /settle p95 | /settle p99 | on-chain transfers | charges / transfer |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...modes.map((m) => {
      const r = res[m];
      if (r.failed) return `| ${label(m)} | ${m === 'multi' ? P.sessions : 1} | **failed at "${r.failed.step}"** | | | | | | | |`;
      const good = m === 'batched' ? `${r.settled}/${P.calls} settled` : `${r.ok}/${P.calls}`;
      const cpt = m === 'batched' ? r.chargesPerTransfer.toFixed(1) : (r.ok / Math.max(1, r.transfers)).toFixed(1);
      return `| ${label(m)} | ${r.sessions} | ${good} | ${P.concurrency * r.sessions} | **${rateText(m, r)}** | ${ms(r.settle.p50)} | ${ms(r.settle.p95)} | ${ms(r.settle.p99)} | ${r.transfers} | ${cpt} |`;
    }),
  ].join('\n');
  const latency = [
    '| mode | latency (ms) | n | mean | p50 | p95 | p99 | max |',
    '|---|---|---|---|---|---|---|---|',
    ...modes.filter((m) => !res[m].failed).flatMap((m) => {
      const r = res[m];
      const row = (what, s) => `| ${label(m)} | ${what} | ${s.n} | ${ms(s.mean)} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${ms(s.max)} |`;
      return [row('/verify', r.verify), row(m === 'batched' ? '/settle (answer after the durable reservation)' : '/settle (answer after the transfer confirmed)', r.settle)];
    }),
  ].join('\n');
  return { summary, latency };
}

// What 0x7d6 means here, so the report explains the failure it shows.
const SEEDS_NOTE = '0x7d6 is Anchor error 2006 ConstraintSeeds, raised by the localnet\'s Inco Lightning `allow` on `allowance_account`: a transfer carries allowance PDAs derived from the balance handles the tx-builder simulated when it built the transaction. One source\'s settlements are serialised, so its own handle cannot move in between; the merchant\'s destination handle can, when another source\'s transfer to the same merchant lands first: the most likely cause, since it appears only with several sources. The submitter classifies it as terminal `transaction_failed` and releases the charge (no funds move, the payer is not charged).';

function details(res) {
  const out = [];
  for (const m of P.modes.filter((x) => res[x])) {
    const r = res[m];
    if (r.failed) {
      out.push(`### ${label(m)}: not measured, failed at step "${r.failed.step}"\n\n\`\`\`\n${r.failed.detail}\n\`\`\`\n${r.failed.dead ? `\nProcesses that exited:\n\n\`\`\`\n${r.failed.dead}\n\`\`\`\n` : ''}`);
      continue;
    }
    const warn = r.warnings?.length ? `\n\nWarnings the services logged:\n\n${r.warnings.map((w) => `- \`${w.slice(0, 400)}\``).join('\n')}${r.warnings.some((w) => w.includes('custom program error: 0x7d6')) ? `\n\n${SEEDS_NOTE}` : ''}` : '';
    const errs = `${r.errors.length ? `\n\nFailures:\n\n${r.errors.map((e) => `- ${e}`).join('\n')}` : ''}${warn}`;
    const open = `Session open took ${r.openMs.map((t) => ms(t)).join(', ')} ms.`;
    if (m === 'batched') {
      out.push(`### ${label(m)}\n\n${r.ok} of ${P.calls} /settle answered success in ${r.seconds.toFixed(2)} s (${r.queued} with \`settlementStatus: queued\`, every one with \`extra.settlementId\`). Receipts (GET /settlements/:id, polled every ${P.receiptPollMs} ms): **${r.settled} settled**, ${r.failedReceipts} failed, ${r.unsettled} not settled within ${P.timeoutS} s; the last was seen settled ${r.lastSettledS.toFixed(2)} s after the first call = **${r.rate.toFixed(1)} settled charges/s**. The load generator's own rate (answers/s) was ${(r.ok / r.seconds).toFixed(1)}: a run this short lasts a few batch windows, so the settled rate includes the wait for the last window's flush and is bounded by how fast charges arrive, not by settlement. Every settled receipt carries amount ${P.price} and the session's id: ${r.amountsOk ? 'yes' : '**no**'}. The ${r.settled} charges took **${r.transfers} on-chain transfers** (${r.chargesPerTransfer.toFixed(1)} charges per transfer; BATCH_WINDOW_MS ${P.batchWindowMs}, BATCH_MAX_SIZE ${P.batchMaxSize}); on chain ${r.onChain.landed} of those ${r.onChain.distinct} signatures are confirmed without error. ${open}${r.failureReasons.length ? `\n\nFailed receipts: ${r.failureReasons.join('; ')}` : ''}${errs}`);
    } else {
      out.push(`### ${label(m)}\n\n${r.ok} of ${P.calls} settlements succeeded in ${r.seconds.toFixed(2)} s = **${r.rate.toFixed(1)} settlements/s**${r.sessions > 1 ? ` (per session: ${r.perSession.join(', ')})` : ''}. On chain: ${r.onChain.landed} of the ${r.onChain.distinct} distinct settlement signatures /settle returned are confirmed without error. ${open}${errs}`);
    }
  }
  return out.join('\n\n');
}

function scaling(res) {
  const a = res.single;
  const b = res.multi;
  if (!a || !b || a.failed || b.failed || a.rate === 0) return '';
  const x = b.rate / a.rate;
  const lost = b.calls - b.ok;
  const failed = lost > 0 ? ` But ${lost} of ${b.calls} multi-session payments (${((100 * lost) / b.calls).toFixed(0)} %) failed (${b.errors.join('; ')}), against ${a.calls - a.ok} with one session: the figure counts successful settlements only, and the failures are a finding, not noise (see the service warnings below).` : '';
  return `Horizontal scaling (per-call): ${P.sessions} source accounts gave ${b.rate.toFixed(1)} successful settlements/s against ${a.rate.toFixed(1)} for one, **×${x.toFixed(2)}** (×${P.sessions} would be linear). ${x >= 1.2 ? 'Throughput grew with the number of source accounts' : 'Throughput did not grow with the number of source accounts'} on this machine (every process shares its cores).${failed}`;
}

async function parent() {
  const started = new Date().toISOString();
  const t0 = now();
  const res = {};
  const perCall = P.modes.filter((m) => STACK_OF[m] === 'per-call');
  const batched = P.modes.filter((m) => STACK_OF[m] === 'batched');
  const unknown = P.modes.filter((m) => !STACK_OF[m]);
  if (unknown.length) throw new Error(`unknown BENCH_MODES: ${unknown.join(', ')} (single, multi, batched)`);
  if (perCall.length) Object.assign(res, await runChild('per-call', perCall));
  if (batched.length) Object.assign(res, await runChild('batched', batched));
  const m = machine();
  const { summary, latency } = tables(res);
  const scale = scaling(res);
  console.log(`\n${summary}\n\n${latency}\n${scale ? `\n${scale}\n` : ''}\n${details(res)}\n`);
  for (const mode of P.modes) if (res[mode]?.failed) console.error(`✗ ${label(mode)}: failed at step "${res[mode].failed.step}":\n${res[mode].failed.detail}`);
  const env = [
    `BENCH_CALLS=${P.calls}`, `BENCH_CONCURRENCY=${P.concurrency}`, `BENCH_SESSIONS=${P.sessions}`, `BENCH_PRICE=${P.price}`, `BENCH_SLOT_MS=${P.slotMs}`,
    `BENCH_BATCH_WINDOW_MS=${P.batchWindowMs}`, `BENCH_BATCH_MAX_SIZE=${P.batchMaxSize}`, `BENCH_TIMEOUT_S=${P.timeoutS}`,
  ].join(' ');
  const report = `# session scheme: per-call and batched settlement on localnet

One run, one machine, the same stack settings for every mode. Pipeline: gateway → session-ledger → submitter → tx-builder → signer → localnet (Inco module), each service its own process on a private nats-server and per-run Redis keys; localnet slot ${P.slotMs} ms. Sessions are opened with the SDK (\`createSession\`, cap ${P.cap}); each payment is a fresh \`buildSessionPaymentPayload\` of ${P.price} base units for the requirements the resource-server paywall builds from \`/supported\`, sent to \`/verify\` then \`/settle\`, ${P.concurrency} under way per session, ${P.calls} payments per mode.

- **${label('single')}**: SETTLEMENT_MODE=per-call, the \`agent\` dev wallet; /settle answers when the transfer confirmed (or \`settlement_pending\`, retried once as the paywall does).
- **${label('multi')}**: SETTLEMENT_MODE=per-call, same stack as above; wallets \`agent\`, \`agent2\` and ${Math.max(0, P.sessions - 2)} fresh wallets (SOL by airdrop, Inco tokens by an IncoToken transfer from \`agent2\`), payments round-robin over the sessions. Per-call settlement is serialised per source account, so this is the horizontal-scaling test.
- **${label('batched')}**: SETTLEMENT_MODE=batched on gateway and submitter (BATCH_WINDOW_MS ${P.batchWindowMs}, BATCH_MAX_SIZE ${P.batchMaxSize}), a fresh stack, the \`agent\` wallet; /settle answers after the durable reservation with \`extra.settlementId\`; throughput counts charges whose receipt (GET /settlements/:id) reads \`settled\`, until the last one; every batch signature checked on chain.

Machine: ${m.cores} cores (${m.cpu}), ${m.memGiB} GiB, Node ${m.node}, started ${started}, ${((now() - t0) / 1000).toFixed(0)} s in all. **The ${m.cores} cores are shared** by the load generator, localnet (chain + covalidator), nats-server, Redis and six services${process.env.BENCH_LOAD_NOTE ? `, and ${process.env.BENCH_LOAD_NOTE}` : ''}.

${summary}

"in flight" is payments under way (per session × sessions). Batched throughput is settled charges/s from the first call to the last receipt seen \`settled\` (receipt polling resolution ${P.receiptPollMs} ms).

${latency}
${scale ? `\n${scale}\n` : ''}
${details(res)}

Reproduce: \`npm run build && ${env} node bench/settle/run.mjs\` (BENCH_MODES=single,multi,batched selects modes; BENCH_CAP, BENCH_RECEIPT_POLL_MS, BENCH_REPORT).
`;
  const path = resolve(ROOT, P.report);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, report);
  console.error(`» wrote ${P.report}`);
  return P.modes.every((mode) => res[mode] && !res[mode].failed && (mode === 'batched' ? res[mode].settled === P.calls && res[mode].onChain.landed === res[mode].onChain.distinct : res[mode].ok === P.calls));
}

if (process.env.BENCH_STACK) {
  const out = await runStack(process.env.BENCH_STACK, P.modes);
  writeFileSync(process.env.BENCH_RESULT_FILE, JSON.stringify(out));
  process.exit(0);
} else {
  process.exit((await parent()) ? 0 : 1);
}
