// The private (px402) scheme on localnet: how many payments per second agents can enqueue, and how
// long after a payment the facilitator's `GET /private/payments/:id?recipient=` answers `found`,
// split into the crank's share (enqueue → settlement transaction on the base chain) and the
// chain-poller's + gateway's share (settlement → lookup answers found).
//
// Processes: localnet (chain + payments API + crank), a private nats-server, chain-poller and
// gateway from their built dists; this process is the load generator (agents) and the observer.
// Bounded by BENCH_PAYMENTS and BENCH_TIMEOUT_S; writes bench/reports/private.md.
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fundAgents, rpcCall } from '../support/chain.mjs';
import {
  ROOT,
  deadChildren,
  removeDirs,
  requireBuilt,
  startBus,
  startLocalnetProcess,
  startPrivateFacilitator,
  stopAll,
  stopOnSignals,
} from '../support/stack.mjs';
import { machine, ms, summarize } from '../support/stats.mjs';
import { ChainWatch } from './chain-watch.mjs';

const require = createRequire(import.meta.url);
const web3 = require('@solana/web3.js');
const bs58 = require('bs58').default ?? require('bs58');
const { Transaction } = web3;

const num = (name, fallback) => Number(process.env[name] ?? fallback);
const P = {
  payments: num('BENCH_PAYMENTS', 200),
  agents: num('BENCH_AGENTS', 8),
  // Payments one agent keeps under way at once; 1 = an agent that waits for each confirmation.
  perAgent: num('BENCH_AGENT_IN_FLIGHT', 1),
  amount: num('BENCH_AMOUNT', 10_000),
  slotMs: num('BENCH_SLOT_MS', 400),
  crankMs: num('BENCH_CRANK_MS', 500),
  pollMs: num('BENCH_POLL_MS', 1000),
  lookupMs: num('BENCH_LOOKUP_MS', 50),
  lookupInFlight: num('BENCH_LOOKUP_IN_FLIGHT', 8),
  timeoutS: num('BENCH_TIMEOUT_S', 180),
  report: process.env.BENCH_REPORT ?? 'bench/reports/private.md',
};
if (P.agents < 1 || P.payments < 1) throw new Error('BENCH_AGENTS and BENCH_PAYMENTS must be ≥ 1');

const now = () => performance.now();

async function startStack() {
  requireBuilt(['infra/localnet/dist/main.js', 'services/chain-poller/dist/main.js', 'services/gateway/dist/main.js']);
  const { info, stateDir } = await startLocalnetProcess({ slotMs: P.slotMs, crankMs: P.crankMs });
  const run = `bench-private-${process.pid}-${randomBytes(3).toString('hex')}`;
  const nats = await startBus({ runId: run, redisNamespace: run });
  const { gatewayUrl, pollerPort } = await startPrivateFacilitator(info, nats, run, {
    pollMs: P.pollMs,
    onPollerLog: (log) =>
      log.msg === 'poll applied' && pollsApplied.push({ t: now(), transactions: log.transactions, observed: log.observed, steps: log.stepsMs ?? {} }),
  });
  return { info, dirs: [stateDir, nats.storeDir], gatewayUrl, pollerPort };
}

async function postJson(url, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`POST ${url}: HTTP ${res.status} ${JSON.stringify(json)}`);
  return json;
}

// The chain-poller's own account of each poll that applied something: how often it completes a pass
// under load and how much each pass carries explains the poller's share of the latency.
const pollsApplied = [];
// How long each GET /private/payments/:id took (gateway → NATS → chain-poller → Redis and back).
const lookupRtts = [];

/** One payment's timeline (performance.now() ms). */
function newPayment(i, agent, clientRefId) {
  return {
    i,
    agent,
    clientRefId,
    tBuild: 0,
    tSent: 0,
    tConfirmed: 0,
    tSettled: 0,
    tSettledConfirmed: 0,
    tFound: 0,
    signature: '',
    settlement: '',
    foundSignature: '',
    error: '',
  };
}

async function main() {
  stopOnSignals();
  const m = machine();
  console.error(`» starting localnet, nats-server, chain-poller, gateway (${m.cores} cores, Node ${m.node})`);
  const stack = await startStack();
  const { info, gatewayUrl } = stack;
  const payments = info.endpoints.payments;
  const mint = info.mints.usdc;
  const merchant = info.wallets.merchant.publicKey;
  const mb = info.modules.magicblock;
  console.error(`» funding ${P.agents} agents`);
  const { agents, connection } = await fundAgents(info, P.agents);

  const watch = new ChainWatch(info.endpoints.ws);
  await watch.open();
  await watch.watchSettlements(mb.transferQueue, mb.delegationProgramId);
  // The same settlements at `confirmed`, the moment the chain-poller's own subscription hears of them.
  await watch.watchSettlements(mb.transferQueue, mb.delegationProgramId, 'confirmed', watch.confirmedSettlements);

  // The crank idles out when nobody asks about the mint (as MagicBlock's does); crank-keeper does
  // this in a deployment, the SDK before each payment. Here a timer keeps it registered.
  const kickUrl = `${payments}/v1/spl/is-mint-initialized?${new URLSearchParams({ mint, cluster: 'localnet' })}`;
  const kicker = setInterval(() => void fetch(kickUrl).catch(() => undefined), 5_000);

  // Distinct u63 ids, never 0, unique per run (the poller's Redis index is per run as well).
  const base = BigInt(Date.now()) * 1000n;
  const all = Array.from({ length: P.payments }, (_, i) => newPayment(i, agents[i % agents.length], (base + BigInt(i + 1)).toString()));
  const deadline = now() + P.timeoutS * 1000;

  // Agents: each pays its share back to back (build → sign → send → confirmed), like an agent
  // making paid calls; verification runs beside them and never holds an agent up.
  const byAgent = agents.map((a) => all.filter((p) => p.agent === a));
  const pay = async (p) => {
    p.tBuild = now();
    const answer = await postJson(`${payments}/v1/spl/transfer`, {
      from: p.agent.publicKey.toBase58(),
      to: merchant,
      mint,
      amount: String(P.amount),
      visibility: 'private',
      fromBalance: 'base',
      toBalance: 'base',
      cluster: 'localnet',
      clientRefId: p.clientRefId,
      minDelayMs: 0,
      maxDelayMs: 0,
    });
    const tx = Transaction.from(Buffer.from(answer.transactionBase64, 'base64'));
    tx.sign(p.agent);
    const wire = tx.serialize();
    p.signature = bs58.encode(tx.signature);
    const confirmed = watch.confirmed(p.signature);
    p.tSent = now();
    await rpcCall(info.endpoints.rpc, 'sendTransaction', [wire.toString('base64'), { encoding: 'base64' }]);
    const status = await confirmed;
    if (status.err) throw new Error(`enqueue failed on chain: ${JSON.stringify(status.err)}`);
    p.tConfirmed = status.t;
  };
  const agentLoops = byAgent.flatMap((list) =>
    Array.from({ length: P.perAgent }, async () => {
      for (let p = list.shift(); p !== undefined; p = list.shift()) {
        if (now() > deadline) return;
        await pay(p).catch((e) => (p.error = `pay: ${e.message}`));
      }
    }),
  );

  // Verifier: asks the gateway as a px402 resource server would. Ids whose settlement the watch
  // has seen are asked every BENCH_LOOKUP_MS; the others every second (a safety net in case the
  // log subscription missed one), so lookups do not flood the 2 cores before there is anything to find.
  let verifying = true;
  const lastAsked = new Map();
  const lookup = async (p) => {
    const asked = now();
    const res = await fetch(`${gatewayUrl}/private/payments/${p.clientRefId}?recipient=${merchant}`);
    const body = await res.json();
    lookupRtts.push(now() - asked);
    if (res.ok && body.status === 'found') {
      p.tFound = now();
      p.foundSignature = body.signature;
      p.tFoundAsked = asked;
      const c = watch.confirmedSettlements.get(p.clientRefId);
      if (c) p.tSettledConfirmed = c.t;
    }
  };
  const verifier = (async () => {
    while (verifying) {
      const t = now();
      const due = all
        .filter((p) => p.tConfirmed && !p.tFound && !p.error)
        .filter((p) => {
          const settled = watch.settlements.get(p.clientRefId);
          if (settled && !p.tSettled) {
            p.tSettled = settled.t;
            p.settlement = settled.signature;
          }
          return t - (lastAsked.get(p) ?? -Infinity) >= (p.tSettled ? P.lookupMs : 1000);
        });
      for (let k = 0; k < due.length; k += P.lookupInFlight) {
        await Promise.all(due.slice(k, k + P.lookupInFlight).map((p) => (lastAsked.set(p, now()), lookup(p).catch(() => undefined))));
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  })();

  const progress = setInterval(() => {
    const c = all.filter((p) => p.tConfirmed).length;
    const f = all.filter((p) => p.tFound).length;
    console.error(`  … enqueued ${c}/${P.payments}, settled ${watch.settlements.size}, found ${f}`);
  }, 5_000);

  await Promise.all(agentLoops);
  while (now() < deadline && all.some((p) => p.tConfirmed && !p.tFound && !p.error)) await new Promise((r) => setTimeout(r, 50));
  verifying = false;
  await verifier;
  clearInterval(progress);
  clearInterval(kicker);
  watch.close();

  const pollerSteps = await pollerStepMeans(stack.pollerPort);
  return {
    stack,
    all,
    pollerSteps,
    crankStatus: await fetch(`${payments}/v1/spl/transfer-queue/status`)
      .then((r) => r.json())
      .catch(() => null),
    connection,
  };
}

/**
 * The chain-poller's own step histogram (quietpay_poller_step_duration_seconds): mean ms and count
 * per (path, step), so the report says where its share of the latency goes. Empty if it has none.
 */
async function pollerStepMeans(port) {
  const text = await fetch(`http://127.0.0.1:${port}/metrics`)
    .then((r) => r.text())
    .catch(() => '');
  const rows = new Map();
  for (const m of text.matchAll(/^quietpay_poller_step_duration_seconds_(sum|count)\{path="(\w+)",step="(\w+)"\} (\S+)$/gm)) {
    const key = `${m[2]} ${m[3]}`;
    const row = rows.get(key) ?? { path: m[2], step: m[3], sum: 0, count: 0 };
    row[m[1]] = Number(m[4]);
    rows.set(key, row);
  }
  return [...rows.values()].filter((r) => r.count > 0);
}

function report({ all, crankStatus, pollerSteps }) {
  const m = machine();
  const sent = all.filter((p) => p.tSent);
  const confirmed = all.filter((p) => p.tConfirmed);
  const found = all.filter((p) => p.tFound);
  const errors = all.filter((p) => p.error);
  const mismatched = found.filter((p) => p.settlement && p.foundSignature !== p.settlement).length;
  const first = Math.min(...sent.map((p) => p.tBuild));
  const enqueueSeconds = (Math.max(...confirmed.map((p) => p.tConfirmed)) - first) / 1000;
  const e2eSeconds = (Math.max(...found.map((p) => p.tFound)) - first) / 1000;
  const withSettle = found.filter((p) => p.tSettled);
  const rows = [
    ['build (POST /v1/spl/transfer)', summarize(sent.map((p) => p.tSent - p.tBuild))],
    ['enqueue send → confirmed', summarize(confirmed.map((p) => p.tConfirmed - p.tSent))],
    ['**send → lookup found** (total)', summarize(found.map((p) => p.tFound - p.tSent))],
    ['crank: send → settlement tx', summarize(withSettle.map((p) => p.tSettled - p.tSent))],
    ['poller+gateway: settlement tx → found', summarize(withSettle.map((p) => p.tFound - p.tSettled))],
    ['… settlement tx → its slot confirmed', summarize(withSettle.filter((p) => p.tSettledConfirmed).map((p) => p.tSettledConfirmed - p.tSettled))],
    ['… confirmed → found', summarize(withSettle.filter((p) => p.tSettledConfirmed).map((p) => p.tFound - p.tSettledConfirmed))],
    [
      '… confirmed → the lookup that found it was asked',
      summarize(withSettle.filter((p) => p.tSettledConfirmed).map((p) => p.tFoundAsked - p.tSettledConfirmed)),
    ],
    ['lookup round trip (every GET, found or pending)', summarize(lookupRtts)],
  ];
  const latency = [
    '| latency (ms) | n | mean | p50 | p95 | p99 | max |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(([name, s]) => `| ${name} | ${s.n} | ${ms(s.mean)} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${ms(s.max)} |`),
  ].join('\n');
  const throughput = [
    '| throughput | payments | seconds | per second |',
    '|---|---|---|---|',
    `| enqueue (first build → last enqueue confirmed) | ${confirmed.length} | ${enqueueSeconds.toFixed(2)} | ${(confirmed.length / enqueueSeconds).toFixed(1)} |`,
    `| end to end (first build → last lookup found) | ${found.length} | ${e2eSeconds.toFixed(2)} | ${(found.length / e2eSeconds).toFixed(1)} |`,
  ].join('\n');
  const outcome =
    `${P.payments} payments asked, ${sent.length} sent, ${confirmed.length} enqueued, ${found.length} found by the gateway, ${errors.length} failed` +
    `${mismatched ? `, ${mismatched} found with a signature other than the observed settlement` : ''}` +
    `${crankStatus ? `; crank: ${crankStatus.settled} settled, ${crankStatus.failed} failed${crankStatus.lastError ? ` (last error: ${crankStatus.lastError})` : ''}` : ''}.`;
  const gaps = pollsApplied.slice(1).map((x, k) => x.t - pollsApplied[k].t);
  const g = summarize(gaps);
  const perPoll = summarize(pollsApplied.map((x) => x.transactions));
  let pollerLine = `Chain-poller: ${pollsApplied.length} polls applied transactions (queue PDA: agents' enqueues and the crank's settlements); time between them p50 ${ms(g.p50)} ms, p95 ${ms(g.p95)} ms, max ${ms(g.max)} ms (POLL_INTERVAL_MS ${P.pollMs} is the wait after a pass ends; a settlement the chain's logsSubscribe reports is indexed at once, between polls, and the next poll skips it); transactions per poll p50 ${perPoll.p50 ?? '–'}, max ${perPoll.max ?? '–'}.`;
  const stepNames = [...new Set(pollsApplied.flatMap((x) => Object.keys(x.steps)))];
  const stepRows = stepNames.map((step) => {
    const st = summarize(pollsApplied.map((x) => x.steps[step] ?? 0));
    return `| ${step} | ${st.n} | ${ms(st.mean)} | ${ms(st.p50)} | ${ms(st.p95)} | ${ms(st.max)} |`;
  });
  const stepsTable = stepRows.length
    ? ['| poll step (ms per poll that applied something) | polls | mean | p50 | p95 | max |', '|---|---|---|---|---|---|', ...stepRows].join('\n')
    : '';
  pollerLine += stepsTable ? `\n\n${stepsTable}` : '';
  if (pollerSteps.length > 0) {
    pollerLine += [
      '\n\nChain-poller step histogram (`quietpay_poller_step_duration_seconds`, from its /metrics at the end; `poll` = full passes, `notification` = notified settlements applied before the next pass):\n',
      '| path | step | passes | mean ms |',
      '|---|---|---|---|',
      ...pollerSteps.map((r) => `| ${r.path} | ${r.step} | ${r.count} | ${ms((r.sum / r.count) * 1000)} |`),
    ].join('\n');
  }
  const firstErrors = [...new Set(errors.map((p) => p.error))].slice(0, 5);
  console.log(`${throughput}\n\n${latency}\n\n${outcome}\n${pollerLine}`);
  if (firstErrors.length) console.log(`errors:\n${firstErrors.join('\n')}`);

  const text = `# private scheme (px402) on localnet

Payments per second and verification latency for the private scheme: ${P.agents} agents (the \`agent\` and \`agent2\` dev wallets${P.agents > 2 ? ` and ${P.agents - 2} fresh wallets funded by airdrop + USDC minted by the mint authority` : ''}) each pay their share back to back (${P.perAgent} under way per agent, BENCH_AGENT_IN_FLIGHT) through the payments API (\`POST /v1/spl/transfer\` → sign → \`sendTransaction\` → confirmed), ${P.amount} micro-USDC to the merchant, \`minDelayMs = maxDelayMs = 0\`, distinct \`clientRefId\`s. A verifier asks the gateway \`GET /private/payments/:id?recipient=<merchant>\` as a px402 resource server would.

Machine: ${m.cores} cores (${m.cpu}), ${m.memGiB} GiB, Node ${m.node}, ${new Date().toISOString()}. **The ${m.cores} cores are shared** by the load generator, localnet (chain, payments API, crank), nats-server, Redis, chain-poller and gateway: figures are for this whole system on one small machine, not for any one component.

Parameters: BENCH_PAYMENTS=${P.payments}, BENCH_AGENTS=${P.agents}, slot ${P.slotMs} ms (BENCH_SLOT_MS), crank every ${P.crankMs} ms (BENCH_CRANK_MS), chain-poller POLL_INTERVAL_MS=${P.pollMs} (BENCH_POLL_MS), lookup every ${P.lookupMs} ms once the settlement is seen, ${P.lookupInFlight} lookups in flight, timeout ${P.timeoutS} s. Chain-poller reads at \`confirmed\` (its default): a settlement is visible to it one slot after it executes.

## Throughput

${throughput}

## Latency

${latency}

How the split is measured: the benchmark subscribes (WebSocket \`logsSubscribe\`, mentions = transfer-queue PDA) to the chain and stamps the moment each settlement transaction (a delegation-program frame carrying \`client_ref_id: <id>\`) executes; localnet sends logs notifications when a transaction is processed. "crank" is send → that moment (waiting for the next crank pass, then the settlement executing); "poller+gateway" is that moment → the gateway answering \`found\` (one slot until \`confirmed\`, the poller's interval, fetch and index, NATS lookup, plus up to BENCH_LOOKUP_MS of asking). "enqueue confirmed" uses \`signatureSubscribe\` at \`confirmed\`.

Outcome: ${outcome}

${pollerLine}
${firstErrors.length ? `\nErrors:\n\n${firstErrors.map((e) => `- ${e}`).join('\n')}\n` : ''}
Reproduce: \`npm run build && node bench/private/run.mjs\` (knobs: ${
    Object.keys(process.env)
      .filter((k) => k.startsWith('BENCH_'))
      .map((k) => `${k}=${process.env[k]}`)
      .join(' ') || 'defaults'
  }).
`;
  const out = resolve(ROOT, P.report);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  console.error(`» wrote ${P.report}`);
  return found.length === P.payments;
}

let stack;
let ok = false;
try {
  const result = await main();
  stack = result.stack;
  ok = report(result);
} catch (e) {
  console.error(`✗ ${e instanceof Error ? e.message : String(e)}`);
  for (const d of deadChildren()) console.error(d);
} finally {
  await stopAll();
  removeDirs(stack?.dirs ?? []);
}
process.exit(ok ? 0 : 1);
