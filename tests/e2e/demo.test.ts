import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProjects, REPO_ROOT } from '../support/build-projects';
import { freePort } from '../support/free-port';
import { startNatsServer, type NatsServerProcess } from '../support/nats-server.process';
import { ALL_SERVICES } from '../support/quietpay-stack';
import { eventually } from '../support/service.process';

// `npm run demo` / `npm run stack` (scripts/run.mjs) as a user runs them, on ports, a NATS and a
// chain state of their own so they cannot meet another stack on this machine. The test builds
// first and tells run.mjs to skip its prepare step (which may run npm ci).

let nats: NatsServerProcess;
const stateDirs: string[] = [];
const started: ChildProcess[] = [];

interface Run {
  readonly proc: ChildProcess;
  readonly lines: string[];
  readonly exited: Promise<number | string>;
}

async function runScript(mode: 'demo' | 'stack'): Promise<Run> {
  const stateDir = mkdtempSync(join(tmpdir(), 'qp-demo-'));
  stateDirs.push(stateDir);
  const proc = spawn(process.execPath, [join(REPO_ROOT, 'scripts/run.mjs'), mode], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      QUIETPAY_SKIP_PREPARE: '1',
      STACK_EPHEMERAL_PORTS: '1',
      GATEWAY_PORT: String(await freePort()),
      PAID_API_PORT: String(await freePort()),
      LOCALNET_RPC_PORT: '0',
      LOCALNET_COVALIDATOR_PORT: '0',
      LOCALNET_PAYMENTS_PORT: '0',
      LOCALNET_STATE_DIR: stateDir,
      NATS_URL: nats.url,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(proc);
  const lines: string[] = [];
  createInterface({ input: proc.stdout! }).on('line', (l) => lines.push(l));
  createInterface({ input: proc.stderr! }).on('line', (l) => lines.push(l));
  const exited = new Promise<number | string>((resolve) => proc.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return { proc, lines, exited };
}

/** Direct children of `pid` (the stack's processes). */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter((n) => Number.isInteger(n) && n > 0);
  } catch {
    return []; // ps exits 1 when there are none
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  buildProjects(['infra/localnet', ...ALL_SERVICES.map((s) => `services/${s}`), 'examples/paid-api', 'examples/demo-agent']);
  nats = await startNatsServer();
}, 300_000);

afterAll(async () => {
  for (const proc of started) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  await nats?.stop();
  for (const dir of stateDirs) rmSync(dir, { recursive: true, force: true });
});

describe('scripts/run.mjs', () => {
  it('demo: the agent pays a series of calls and the summary shows both balances moved by exactly the charge', async () => {
    const run = await runScript('demo');
    const code = await run.exited;
    const output = run.lines.join('\n');
    expect(code, output).toBe(0);
    expect(output).toContain('balances before: agent 100 USDC, merchant 0 USDC');
    expect(output).toMatch(/calls paid\s+5/);
    expect(output).toMatch(/transactions\s+5 settled, 5 confirmed on chain/);
    expect(output).toMatch(/latency\s+p50 \d+ ms, p95 \d+ ms/);
    expect(output).toMatch(/agent\s+100 USDC → 97\.5 USDC/);
    expect(output).toMatch(/merchant\s+0 USDC → 2\.5 USDC/);
    expect(output).toContain('demo ok: both balances moved by exactly what was charged');
  }, 300_000);

  it('stack: SIGTERM stops the chain and all eight services, leaving no process behind', async () => {
    const run = await runScript('stack');
    await eventually(async () => (run.lines.some((l) => l.startsWith('stack ready ')) ? true : undefined), 'stack ready', 600, 200).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${run.lines.join('\n')}`);
    });
    const children = childrenOf(run.proc.pid!);
    expect(children).toHaveLength(1 + ALL_SERVICES.length); // localnet + the services
    run.proc.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    await eventually(async () => (children.every((pid) => !alive(pid)) ? true : undefined), 'every stack process to exit', 100, 200);
    expect(children.filter(alive)).toEqual([]);
  }, 300_000);
});
