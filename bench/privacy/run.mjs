// bench/privacy: how much an amount-and-time linker learns of private (px402) payments under each
// client setting. N agents pay M recipients at once (BENCH_AGENTS, BENCH_RECIPIENTS, BENCH_ROUNDS
// rounds per setting); a chain observer reading only the public RPC links senders to recipients
// (libs/chain-observer). Prints a table and writes bench/reports/privacy.md.
// Run: npm run build && node bench/privacy/run.mjs
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { ROOT, stopOnSignals } from '../support/stack.mjs';
import { machine, summarize } from '../support/stats.mjs';
import { startPrivacyStack } from './scenario.mjs';

const num = (name, fallback) => Number(process.env[name] ?? fallback);
const P = {
  agents: num('BENCH_AGENTS', 8),
  recipients: num('BENCH_RECIPIENTS', 3),
  rounds: num('BENCH_ROUNDS', 2),
  report: process.env.BENCH_REPORT ?? 'bench/reports/privacy.md',
};

const MIXED = [10_000, 20_000, 30_000, 50_000, 60_000, 70_000, 120_000, 150_000];
const UNIFORM = [50_000];
const SETTINGS = [
  { name: 'delays 0, one transfer', prices: 'mixed', transfer: { minDelayMs: 0, maxDelayMs: 0, denominations: 'off' } },
  { name: 'delays 0, denominations', prices: 'mixed', transfer: { minDelayMs: 0, maxDelayMs: 0, denominations: 'on' } },
  { name: 'default delays, one transfer', prices: 'mixed', transfer: { denominations: 'off' } },
  { name: 'defaults (delays + denominations)', prices: 'mixed', transfer: undefined },
  { name: 'larger delays 3-15 s + denominations', prices: 'mixed', transfer: { minDelayMs: 3_000, maxDelayMs: 15_000 } },
  { name: 'uniform price, delays 0', prices: 'uniform', transfer: { minDelayMs: 0, maxDelayMs: 0, denominations: 'off' } },
  { name: 'uniform price, defaults', prices: 'uniform', transfer: undefined },
];

/** The commit the report describes (a dirty tree is marked: the figures may not be that commit's). */
function commitOf() {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT }).toString().trim() !== '';
    return dirty ? `${sha} (with uncommitted changes)` : sha;
  } catch {
    return 'unknown';
  }
}

const mean = (xs) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

async function main() {
  stopOnSignals();
  const m = machine();
  console.error(`» starting the privacy stack: ${P.agents} agents, ${P.recipients} recipients (${m.cores} cores, Node ${m.node})`);
  const stack = await startPrivacyStack({ agents: P.agents, recipients: P.recipients });
  const rows = [];
  try {
    // Warm-up: creates every recipient's token account, so no round pays that rent.
    await stack.round({ prices: MIXED, transfer: { minDelayMs: 0, maxDelayMs: 0, denominations: 'on' } });
    for (const setting of SETTINGS) {
      const rounds = [];
      for (let r = 0; r < P.rounds; r += 1) {
        console.error(`» ${setting.name}: round ${r + 1}/${P.rounds}`);
        rounds.push(await stack.round({ prices: setting.prices === 'mixed' ? MIXED : UNIFORM, ...(setting.transfer ? { transfer: setting.transfer } : {}) }));
      }
      const payments = rounds.reduce((a, r) => a + r.payments, 0);
      rows.push({
        setting: setting.name,
        prices: setting.prices,
        payments,
        served: rounds.reduce((a, r) => a + r.served, 0),
        linked: rounds.reduce((a, r) => a + r.linked, 0),
        wrong: rounds.reduce((a, r) => a + r.wrongLinks, 0),
        anonymity: mean(rounds.flatMap((r) => r.anonymitySets)),
        minAnonymity: Math.min(...rounds.flatMap((r) => r.anonymitySets)),
        partsPerPayment: rounds.reduce((a, r) => a + r.sends, 0) / payments,
        latency: summarize(rounds.flatMap((r) => r.latenciesMs)),
        lamports: mean(rounds.map((r) => r.lamportsPerPayment)),
        errors: rounds.flatMap((r) => r.errors),
        namingBoth: rounds.reduce((a, r) => a + r.transactionsNamingBoth, 0),
        inspected: rounds.reduce((a, r) => a + r.transactionsInspected, 0),
      });
    }
  } finally {
    await stack.stop();
  }
  const table = rows.map(
    (r) =>
      `| ${r.setting} | ${r.prices} | ${r.served}/${r.payments} | **${r.linked}/${r.payments}** (${((100 * r.linked) / r.payments).toFixed(0)} %) | ${r.anonymity.toFixed(2)} (min ${r.minAnonymity}) | ${r.partsPerPayment.toFixed(2)} | ${Math.round(r.latency.p50)} / ${Math.round(r.latency.max)} | ${Math.round(r.lamports)} | ${r.namingBoth}/${r.inspected} |`,
  );
  const report = `# bench/privacy

What a chain observer learns of private (px402) payments. ${P.agents} agents pay ${P.recipients} recipients at once
(payment i: agent i mod ${P.agents} → recipient i mod ${P.recipients}, price i mod |prices|) through a px402 resource server
(@quietpay/server, facilitator lookup: it answers \`X-Payment-Parts: sum\`) and \`createPrivateClient\`, ${P.rounds} rounds
per setting. The observer reads only the public RPC (\`getSignaturesForAddress(queue)\`, \`getTransaction\`: token-balance
deltas) and runs libs/chain-observer's amount-and-time linker: a settlement is tied to a sender when all the sends
before it (within the window) with its amount, fee aside, come from that one sender.

Mixed prices: ${MIXED.join(', ')} micro-USDC; uniform: ${UNIFORM.join(', ')}. Localnet: 100 ms slots, crank every 100 ms,
fee 0.1 % added (the recipient receives the price).

| setting | prices | served | payments linked | mean anonymity set of a settlement | private transfers per payment | call latency p50 / max (ms) | agent lamports per payment | transactions naming sender and recipient |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${table.join('\n')}

- **Linked**: payments whose true sender and recipient the linker tied (wrong ties: ${rows.reduce((a, r) => a + r.wrong, 0)} in all).
- **Anonymity set**: how many distinct senders could have paid a settlement; 1 means tied.
- **Naming both**: sends and settlements of the round whose accounts, instruction data or logs name a payment's
  sender and its recipient (wallet or token account) together.
- The SDK's defaults (docs/privacy.md) are the row \`defaults\`: random delays of 1-5 s and standard denominations when
  the server sums parts. Their cost is the latency column (a call waits for its last part's delay) and one base-chain
  transaction, with its fee and the queue's setup lamports, per part (lamports column).
${
  rows.some((r) => r.errors.length > 0)
    ? `\nErrors: ${rows
        .flatMap((r) => r.errors)
        .slice(0, 10)
        .join('; ')}\n`
    : ''
}
Machine: ${m.cores} cores (${m.cpu}), ${m.memGiB} GiB, Node ${m.node}; load average at the end ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} (the machine is shared: latencies are loaded figures). Generated ${new Date().toISOString()} at commit ${commitOf()}.

Reproduce: \`npm run build && node bench/privacy/run.mjs\` (BENCH_AGENTS, BENCH_RECIPIENTS, BENCH_ROUNDS).
`;
  const out = resolve(ROOT, P.report);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, report);
  console.log(
    [
      'setting | linked | anonymity | parts | p50 ms',
      ...rows.map(
        (r) => `${r.setting} | ${r.linked}/${r.payments} | ${r.anonymity.toFixed(2)} | ${r.partsPerPayment.toFixed(2)} | ${Math.round(r.latency.p50)}`,
      ),
    ].join('\n'),
  );
  console.error(`» wrote ${P.report}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
