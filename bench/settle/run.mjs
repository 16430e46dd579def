// Session scheme through the whole pipeline on localnet (gateway → session-ledger → submitter →
// tx-builder → signer → chain). Modes (BENCH_MODES), each on a stack of its own kind (stack.mjs):
//
//   baseline       the seed facilitator's way: per-call, one transfer per call, confirmation polled every
//                  1.5 s, one call at a time. Every report carries the ratio to it.
//   single         SETTLEMENT_MODE=per-call, one session (one source account), 8 in flight (single-32: 32).
//   coalesced      per-call with PER_CALL_SETTLEMENT=coalesced, one session, 8 in flight (coalesced-32: 32):
//                  charges arriving while the session's transfer is in flight share the next transfer.
//   multi          per-call, BENCH_SESSIONS sessions from as many wallets (horizontal scaling by source).
//   batched        SETTLEMENT_MODE=batched, closed loop: settled charges/s until every receipt reads settled.
//   acceptance     batched, open loop at increasing rates until /settle p99 > 50 ms: max accepted
//                  charges/s, and /verify and /settle p50/p99 at 200/s. acceptance-x2: the same with two
//                  gateway, two session-ledger and two submitter replicas. acceptance-cluster(-x2): on a
//                  3-master Redis Cluster the bench starts; acceptance-nats-cluster-x2: also on 3 routed
//                  nats-servers, the services spread over them.
//
// Each stack kind runs in a child process of this script (BENCH_STACK=<kind>) that starts and stops
// every process it needs, so an idle stack never shares the cores with a measured one. Every returned
// signature is checked on chain. A mode that fails is reported with the step that failed, never with
// figures. BENCH_CPU_PROF=1 profiles gateway and session-ledger (--cpu-prof) during acceptance.
// Parts: common (knobs, steps), stack, payer, load, modes, profile, report.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, removeDirs, stopAll, stopOnSignals } from '../support/stack.mjs';
import { keypairFrom } from '../support/chain.mjs';
import { P, distinctWarnings, failure, step } from './common.mjs';
import { acceptanceMode, baselineMode, batchedMode, perCallMode } from './modes.mjs';
import { freshAgents, sessionRequirements } from './payer.mjs';
import { profileSummary } from './profile.mjs';
import { renderReport, resultOk } from './report.mjs';
import { HOT_SERVICES, STACK_OF, STACKS, startStack } from './stack.mjs';

// ───────────────────────────── child: one stack, its modes ─────────────────────────────

async function runMode(ctx, mode, agent) {
  if (mode === 'baseline') return baselineMode(ctx, agent);
  if (mode === 'single') return perCallMode(ctx, 'single', [agent]);
  if (mode === 'single-32') return perCallMode(ctx, mode, [agent], { concurrency: 32 });
  if (mode === 'coalesced') return perCallMode(ctx, mode, [agent], { calls: P.coalescedCalls, concurrency: 8 });
  if (mode === 'coalesced-32') return perCallMode(ctx, mode, [agent], { calls: P.coalescedCalls, concurrency: 32 });
  if (mode === 'batched') return batchedMode(ctx, agent);
  if (mode.startsWith('acceptance')) return acceptanceMode(ctx, agent, mode);
  // multi
  const share = BigInt(Math.ceil(P.calls / Math.max(1, P.sessions)) * P.price);
  const extra = await step(`multi: fund ${Math.max(0, P.sessions - 2)} fresh wallets (airdrop SOL, IncoToken transfer from agent2)`, () =>
    freshAgents(ctx.info, P.sessions - 2, 2n * share + 1_000_000n),
  );
  const wallets = [agent, keypairFrom(ctx.info.wallets.agent2.keypairPath), ...extra].slice(0, P.sessions);
  return perCallMode(ctx, 'multi', wallets);
}

async function runStack(kind, modes) {
  stopOnSignals();
  const dirs = [];
  const out = {};
  let stack;
  try {
    stack = await step(
      `start localnet, nats-server and the session services (stack ${kind}: ${JSON.stringify({ ...STACKS[kind], confirmPollMs: STACKS[kind].confirmPollMs?.() })})`,
      () => startStack(dirs, kind),
    );
    const merchant = stack.info.wallets.merchant.publicKey;
    const requirements = await step('GET /supported (session kind)', () => sessionRequirements(stack.gatewayUrl, merchant));
    const ctx = { ...stack, merchant, requirements };
    const agent = keypairFrom(stack.info.wallets.agent.keypairPath);
    for (const mode of modes) {
      try {
        out[mode] = await runMode(ctx, mode, agent);
        out[mode].warnings = distinctWarnings();
      } catch (e) {
        out[mode] = { failed: failure(e) };
      }
    }
  } catch (e) {
    for (const mode of modes) out[mode] ??= { failed: failure(e) };
  } finally {
    await stack?.nc.close().catch(() => undefined);
    // A profiled process writes its .cpuprofile as it exits, which takes a while on a loaded machine.
    await stopAll(stack?.profileDir ? 90_000 : undefined);
    if (stack?.profileDir) {
      // Written by each profiled process as it exited; cut to each acceptance mode's measured window.
      for (const mode of modes.filter((m) => out[m]?.window)) {
        out[mode].profile = Object.fromEntries(HOT_SERVICES.map((name) => [name, profileSummary(stack.profileDir, { ...out[mode].window, only: name })]));
      }
      dirs.push(stack.profileDir);
    }
    removeDirs(dirs);
  }
  return out;
}

// ───────────────────────────── parent: stacks in turn, report ─────────────────────────────

let interrupted = false;

function runChild(kind, modes) {
  const file = join(mkdtempSync(join(tmpdir(), 'qp-bench-settle-')), 'result.json');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], {
      env: { ...process.env, BENCH_STACK: kind, BENCH_MODES: modes.join(','), BENCH_RESULT_FILE: file },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    // Ctrl-C stops the stack under way and the run: no further stack kind starts after it.
    const forward = (signal) => {
      interrupted = true;
      child.kill(signal);
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.once('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      try {
        resolve(JSON.parse(readFileSync(file, 'utf8')));
      } catch {
        const f = { failed: { step: `stack process (${kind})`, detail: `exited ${code ?? signal} without a result`, dead: '' } };
        resolve(Object.fromEntries(modes.map((m) => [m, f])));
      }
      removeDirs([join(file, '..')]);
    });
  });
}

async function parent() {
  const started = new Date().toISOString();
  const t0 = performance.now();
  const unknown = P.modes.filter((m) => !STACK_OF[m]);
  if (unknown.length) throw new Error(`unknown BENCH_MODES: ${unknown.join(', ')} (${Object.keys(STACK_OF).join(', ')})`);
  const res = {};
  for (const kind of Object.keys(STACKS)) {
    const modes = P.modes.filter((m) => STACK_OF[m] === kind);
    if (modes.length && !interrupted) Object.assign(res, await runChild(kind, modes));
  }
  if (interrupted) {
    console.error('» interrupted: no report written');
    return false;
  }
  const { text, console: summary } = renderReport(res, { started, seconds: (performance.now() - t0) / 1000 });
  console.log(summary);
  for (const mode of P.modes) if (res[mode]?.failed) console.error(`✗ ${mode}: failed at step "${res[mode].failed.step}":\n${res[mode].failed.detail}`);
  const path = resolve(ROOT, P.report);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  console.error(`» wrote ${P.report}`);
  return P.modes.every((mode) => resultOk(mode, res[mode]));
}

if (process.env.BENCH_STACK) {
  const out = await runStack(process.env.BENCH_STACK, P.modes);
  writeFileSync(process.env.BENCH_RESULT_FILE, JSON.stringify(out));
  process.exit(0);
} else {
  process.exit((await parent()) ? 0 : 1);
}
