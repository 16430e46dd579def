// What every part of bench/settle shares: the knobs (environment), the clock, named steps whose
// failure the report prints instead of figures, and the services' own warnings.
import { createRequire } from 'node:module';
import { deadChildren } from '../support/stack.mjs';

const require = createRequire(import.meta.url);
export const web3 = require('@solana/web3.js');
export const sdk = require('@quietpay/sdk');
export const solana = require('@quietpay/solana');

const num = (name, fallback) => Number(process.env[name] ?? fallback);
const list = (name, fallback) =>
  (process.env[name] ?? fallback)
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
export const P = {
  calls: num('BENCH_CALLS', 100), // per closed-loop mode
  concurrency: num('BENCH_CONCURRENCY', 8), // payments under way per session
  sessions: num('BENCH_SESSIONS', 4), // multi: sessions = source accounts
  price: num('BENCH_PRICE', 1000), // base units per call
  cap: process.env.BENCH_CAP ?? '1000', // whole tokens: never the limit within one run
  slotMs: num('BENCH_SLOT_MS', 400),
  batchWindowMs: num('BENCH_BATCH_WINDOW_MS', 2000),
  batchMaxSize: num('BENCH_BATCH_MAX_SIZE', 50),
  receiptPollMs: num('BENCH_RECEIPT_POLL_MS', 250),
  timeoutS: num('BENCH_TIMEOUT_S', 180), // per mode
  // acceptance: open-loop arrival rates (charges/s), each held for stepS, until /settle p99 > stopP99Ms.
  rates: list('BENCH_RATES', '25,50,100,200,300,400,600,800,1000,1200').map(Number),
  stepS: num('BENCH_STEP_S', 5),
  stopP99Ms: num('BENCH_STOP_P99_MS', 50),
  latencyRate: num('BENCH_LATENCY_RATE', 200),
  // acceptance: sessions the open loop spreads its charges over (agent, agent2, then fresh wallets).
  acceptSessions: num('BENCH_ACCEPT_SESSIONS', 1),
  // acceptance: seconds with no load before the ramp, to price each process's background CPU.
  idleS: num('BENCH_IDLE_S', 5),
  // acceptance: how long the CPU window may wait for the settlement backlog after the latency run.
  drainMaxS: num('BENCH_DRAIN_MAX_S', 90),
  // baseline: the seed facilitator's way (one transfer per call, confirmation polled every 1.5 s, one at a time).
  baselineCalls: num('BENCH_BASELINE_CALLS', 10),
  // coalesced, coalesced-32: calls per mode (enough for several rounds of 32 in flight).
  coalescedCalls: num('BENCH_COALESCED_CALLS', 400),
  baselinePollMs: num('BENCH_BASELINE_POLL_MS', 1500),
  cpuProfile: process.env.BENCH_CPU_PROF === '1',
  // Run the services from another checkout's built dists (a "before" measurement with this bench).
  servicesRoot: process.env.BENCH_SERVICES_ROOT,
  // Extra environment for every service, e.g. OTEL_TRACES_SAMPLER=always_off to price tracing.
  serviceEnv: Object.fromEntries(list('BENCH_SERVICE_ENV', '').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])),
  modes: list('BENCH_MODES', 'baseline,single,batched,acceptance,acceptance-x2'),
  report: process.env.BENCH_REPORT ?? 'bench/reports/settle.md',
};

export const now = () => performance.now();
export const sleep = (t) => new Promise((r) => setTimeout(r, t));

/** A pipeline step that failed: the report prints `step` and `detail` instead of figures. */
export class StepFailed extends Error {
  constructor(step, detail) {
    super(`${step}: ${detail}`);
    this.step = step;
    this.detail = detail;
  }
}

export async function step(name, fn) {
  console.error(`» ${name}`);
  try {
    return await fn();
  } catch (e) {
    if (e instanceof StepFailed) throw e;
    throw new StepFailed(name, e instanceof Error ? (e.stack ?? e.message) : String(e));
  }
}

/** Warnings and errors the services logged (level ≥ 40), so a failed charge comes with the service's account of it. */
export const serviceWarnings = [];

/** The distinct service warnings logged since the previous call (at most 8). */
export function distinctWarnings() {
  return [...new Set(serviceWarnings.splice(0))].slice(0, 8);
}

export function failure(e) {
  const dead = deadChildren();
  return {
    step: e instanceof StepFailed ? e.step : 'unexpected',
    detail: (e instanceof StepFailed ? e.detail : e instanceof Error ? (e.stack ?? e.message) : String(e)).slice(0, 4000),
    dead: dead.join('\n\n').slice(0, 4000),
    warnings: distinctWarnings(),
  };
}
