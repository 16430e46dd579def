// What each mode does on its stack: per-call (one or K sessions, and the seed-style baseline),
// batched (closed loop until every receipt settles) and acceptance (open-loop ramp, batched, on one
// Redis or a Redis Cluster, one or two replicas).
import { loadavg } from 'node:os';
import { P, now, sleep, step } from './common.mjs';
import { checkOnChain, loadFigures, openLoop, probe, rampUntilSaturated, runLoad, stepLine } from './load.mjs';
import { freshAgents, openSession } from './payer.mjs';
import { keypairFrom } from '../support/chain.mjs';
import { cycleBreakdown, readSteps } from './steps.mjs';
import { cpuTimeMs, monotonicUs } from './profile.mjs';

export async function perCallMode(ctx, name, wallets, { calls = P.calls, concurrency = P.concurrency } = {}) {
  const loadBefore = loadavg()[0];
  const sessions = [];
  for (const [k, w] of wallets.entries())
    sessions.push(
      await step(`${name}: open session ${k + 1}/${wallets.length} (SDK createSession: approve → POST /sessions)`, () => openSession(ctx, w, `${name}-${k}`)),
    );
  await probe(ctx, sessions[0], false);
  const stepsBefore = await readSteps(ctx.submitterMetricsUrl);
  const load = await step(`${name}: ${calls} payments over ${sessions.length} session(s), ${concurrency} under way per session`, () =>
    runLoad(ctx, sessions, calls, false, concurrency),
  );
  const onChain = await step(`${name}: check the settlement transactions on chain`, () =>
    checkOnChain(
      ctx.info,
      load.results.filter((r) => r.ok).map((r) => r.transaction),
    ),
  );
  const f = loadFigures(load);
  const cycle = cycleBreakdown(stepsBefore, await readSteps(ctx.submitterMetricsUrl), f.seconds, onChain.distinct);
  const perSession = sessions.map((_, k) => load.results.filter((r) => r.session === k && r.ok).length);
  const shares = transferShares(load.results.filter((r) => r.ok));
  const loadAvg = [loadBefore, loadavg()[0]];
  return {
    ...f,
    calls,
    sessions: sessions.length,
    inFlight: concurrency * sessions.length,
    openMs: sessions.map((s) => s.openMs),
    perSession,
    rate: f.ok / f.seconds,
    onChain,
    transfers: onChain.distinct,
    shares,
    loadAvg,
    cycle,
  };
}

/**
 * Whether every answer's `extra.transfer` agrees with the others of its signature: as many answers
 * carry a signature as its transfer says it carried charges, each a share of P.price, summing to its
 * amount. A charge whose answer was lost (counted as an error) shows here as a transfer with fewer answers.
 */
function transferShares(answered) {
  const bySignature = new Map();
  for (const r of answered) bySignature.set(r.transaction, [...(bySignature.get(r.transaction) ?? []), r]);
  let consistent = 0;
  const problems = [];
  for (const [signature, group] of bySignature) {
    const t = group[0].transfer;
    const same = group.every(
      (r) =>
        r.transfer &&
        r.transfer.signature === signature &&
        r.transfer.amount === t.amount &&
        r.transfer.charges === t.charges &&
        r.transfer.share === String(P.price),
    );
    if (same && t.charges === group.length && BigInt(t.amount) === BigInt(P.price) * BigInt(t.charges)) consistent += 1;
    else problems.push(`${signature.slice(0, 12)}…: ${group.length} answers, transfer ${JSON.stringify(t)}`);
  }
  return { transfers: bySignature.size, consistent, problems: problems.slice(0, 5) };
}

export async function batchedMode(ctx, wallet) {
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
      const got = await Promise.all(
        ids.map(async (id) => {
          const res = await fetch(`${ctx.gatewayUrl}/settlements/${id}`);
          return { id, status: res.status, body: await res.json().catch(() => null) };
        }),
      );
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
  const onChain = await step('batched: check the batch transfers on chain', () =>
    checkOnChain(
      ctx.info,
      settled.map((r) => r.signature),
    ),
  );
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

/** The seed facilitator's way: one transfer per call, confirmation polled every 1.5 s, one call at a time. */
export function baselineMode(ctx, wallet) {
  return perCallMode(ctx, 'baseline', [wallet], { calls: P.baselineCalls, concurrency: 1 });
}

/** The wallets an acceptance mode pays from: `agent`, `agent2`, then fresh wallets funded by agent2. */
async function acceptanceWallets(ctx, agent, name) {
  const n = Math.max(1, P.acceptSessions);
  // Every charge of the ramp and the latency run, spread over the sessions, twice over.
  const perSession = BigInt(Math.ceil((2 * P.rates.reduce((a, r) => a + r * P.stepS, 2 * P.latencyRate * P.stepS)) / n) * P.price);
  const extra =
    n > 2
      ? await step(`${name}: fund ${n - 2} fresh wallets (airdrop SOL, IncoToken transfer from agent2)`, () => freshAgents(ctx.info, n - 2, perSession))
      : [];
  return [agent, keypairFrom(ctx.info.wallets.agent2.keypairPath), ...extra].slice(0, n);
}

/** Each process name's CPU ms per second with no load: the median of P.idleS one-second samples, summed over its replicas. */
async function idleRates(hot) {
  const samples = hot.map(() => []);
  let last = hot.map((h) => cpuTimeMs(h.pid) ?? NaN);
  for (let t = 0; t < P.idleS; t++) {
    await sleep(1000);
    const next = hot.map((h) => cpuTimeMs(h.pid) ?? NaN);
    next.forEach((v, k) => samples[k].push(v - last[k]));
    last = next;
  }
  const rates = {};
  hot.forEach((h, k) => {
    const sorted = samples[k].sort((a, b) => a - b);
    rates[h.name] = (rates[h.name] ?? 0) + (sorted[Math.floor(sorted.length / 2)] ?? NaN);
  });
  return rates;
}

/**
 * Waits until the submitters' CPU has been within 1.5× their idle rate (+ 20 ms/s) for three seconds
 * in a row, or P.drainMaxS; resolves with the seconds waited.
 */
async function drain(ctx, idleMsPerS) {
  const submitters = ctx.hot.filter((h) => h.name === 'submitter');
  const used = () => submitters.reduce((a, h) => a + (cpuTimeMs(h.pid) ?? 0), 0);
  const quiet = 1.5 * (idleMsPerS.submitter ?? 0) + 20;
  const t0 = now();
  let calm = 0;
  let last = used();
  while (calm < 3 && now() - t0 < P.drainMaxS * 1000) {
    await sleep(1000);
    const u = used();
    calm = u - last <= quiet ? calm + 1 : 0;
    last = u;
  }
  return (now() - t0) / 1000;
}

/**
 * Batched acceptance, open loop: the highest rate whose /settle p99 stays within P.stopP99Ms, and
 * /verify and /settle latency at P.latencyRate. `ctx.gatewayUrls` are the gateway replicas; the
 * charges go round-robin over P.acceptSessions sessions (on a Redis Cluster each session's keys
 * sit on one shard, so one session loads one shard).
 */
export async function acceptanceMode(ctx, agent, name) {
  const wallets = await acceptanceWallets(ctx, agent, name);
  const sessions = [];
  for (const [k, w] of wallets.entries())
    sessions.push(
      await step(`${name}: open session ${k + 1}/${wallets.length} (SDK createSession: approve → POST /sessions)`, () => openSession(ctx, w, `${name}-${k}`)),
    );
  for (const s of sessions) await probe(ctx, s, true);
  // What each process burns with no charge arriving (timers, polls, reconcilers, BullMQ), so the CPU
  // per charge can be given net of it: at low rates that background is most of the CPU. Measured
  // before the warm-up (whose flushes would count as idle), as the median of 1 s samples (a timer's burst is not the rate).
  const idleMsPerS = await step(`${name}: idle CPU of each process over ${P.idleS} s`, () => idleRates(ctx.hot));
  // Warm-up (JIT, connection pools, the ledger's session cache), not reported.
  await step(`${name}: warm-up`, () => openLoop(ctx.gatewayUrls, sessions, 50, 2, `${name}-warm`));
  const loadBefore = loadavg()[0];
  const cpuBefore = ctx.hot.map((h) => cpuTimeMs(h.pid));
  // The load generator's own CPU (this process: signing, HTTP client), the part a deployment does not pay.
  const generatorBefore = process.cpuUsage();
  const t0 = now();
  const fromUs = monotonicUs();
  const steps = await rampUntilSaturated(ctx.gatewayUrls, sessions, name);
  const atRate = await step(`${name}: latency at ${P.latencyRate} charges/s for ${2 * P.stepS} s`, () =>
    openLoop(ctx.gatewayUrls, sessions, P.latencyRate, 2 * P.stepS, `${name}-lat`),
  );
  console.error(stepLine(`${name} latency run`, atRate));
  // The profiled window (BENCH_CPU_PROF=1): the ramp and the latency run, not boot or warm-up.
  const toUs = monotonicUs();
  // Accepted charges settle after their answer (batch flushes, member booking): the CPU window runs
  // on until the submitters are back to their idle rate, so their and Redis's figures are a charge's whole life.
  const drainS = await step(`${name}: wait for the settlement backlog to drain (submitter CPU back to idle, at most ${P.drainMaxS} s)`, () =>
    drain(ctx, idleMsPerS),
  );
  const window = { fromUs, toUs, seconds: (now() - t0) / 1000, drainS, charges: steps.reduce((a, x) => a + x.sent, atRate.sent) };
  // CPU each measured process really used in that window (all replicas of a service summed; each Redis shard apart).
  const cpuMs = {};
  ctx.hot.forEach((h, k) => {
    const used = (cpuTimeMs(h.pid) ?? NaN) - (cpuBefore[k] ?? NaN);
    cpuMs[h.name] = (cpuMs[h.name] ?? 0) + used;
  });
  const generator = process.cpuUsage(generatorBefore);
  cpuMs['load generator'] = (generator.user + generator.system) / 1000;
  const loadAvg = [loadBefore, loadavg()[0]];
  const sustained = steps.filter((x) => (x.settle.p99 ?? Infinity) <= P.stopP99Ms && x.ok === x.sent);
  const best = sustained.reduce((a, b) => (b.accepted > (a?.accepted ?? 0) ? b : a), undefined);
  // The highest accepted rate that lost no charge, whatever its latency (what a loaded machine still does).
  const lossless = steps.filter((x) => x.ok === x.sent).reduce((a, b) => Math.max(a, b.accepted), 0);
  return {
    replicas: ctx.gatewayUrls.length,
    sessions: sessions.length,
    placement: ctx.placement,
    steps,
    atRate,
    window,
    cpuMs,
    idleMsPerS,
    loadAvg,
    maxSustained: best?.accepted ?? 0,
    maxSustainedRate: best?.rate ?? 0,
    lossless,
    openMs: sessions.map((s) => s.openMs),
  };
}
