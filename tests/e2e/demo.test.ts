import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, launch, type LaunchedProcess } from '../support/stack-scripts';
import { buildConsole, buildProjects, REPO_ROOT } from '../support/build-projects';
import { ALL_SERVICES } from '../support/quietpay-stack';
import { eventually } from '../support/service.process';

// `npm run demo` / `npm run stack` (scripts/run.mjs) as a user runs them (the demo: session scheme,
// then each px402 route of examples/private-api paid privately), on ports and a chain state of
// their own so they cannot meet another stack on this machine (run.mjs always starts its own
// nats-server, with authorization on). The test builds
// first and tells run.mjs to skip its prepare step (which may run npm ci).

const stateDirs: string[] = [];
const started: LaunchedProcess[] = [];

interface Run {
  readonly proc: LaunchedProcess;
  readonly lines: string[];
  readonly exited: Promise<number | string>;
}

async function runScript(mode: 'demo' | 'stack'): Promise<Run> {
  const stateDir = mkdtempSync(join(tmpdir(), 'qp-demo-'));
  stateDirs.push(stateDir);
  const lines: string[] = [];
  const proc = launch('run.mjs', process.execPath, [join(REPO_ROOT, 'scripts/run.mjs'), mode], {
    cwd: REPO_ROOT,
    env: {
      QUIETPAY_SKIP_PREPARE: '1',
      STACK_EPHEMERAL_PORTS: '1',
      GATEWAY_PORT: String(await freePort()),
      PAID_API_PORT: String(await freePort()),
      PRIVATE_API_PORT: String(await freePort()),
      LOCALNET_RPC_PORT: '0',
      LOCALNET_COVALIDATOR_PORT: '0',
      LOCALNET_PAYMENTS_PORT: '0',
      LOCALNET_STATE_DIR: stateDir,
    },
    onStdout: (l) => lines.push(l),
    onStderr: (l) => lines.push(l),
  });
  started.push(proc);
  const exited = proc.exited.then(({ code, signal }) => code ?? signal ?? -1);
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
  buildProjects(['infra/localnet', ...ALL_SERVICES.map((s) => `services/${s}`), 'examples/paid-api', 'examples/private-api', 'examples/demo-agent']);
  // The web console `npm run stack` serves (its prepare step builds it; this test skips prepare).
  buildConsole();
}, 300_000);

afterAll(async () => {
  // A failed assertion leaves run.mjs and its stack running: ask it to stop (its own cleanup), then
  // kill whatever of its process tree is left, so a failure never strands localnet, NATS or services.
  for (const proc of started) {
    const tree = descendantsOf(proc.pid);
    await proc.stop(15_000);
    for (const pid of tree) if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  for (const dir of stateDirs) rmSync(dir, { recursive: true, force: true });
});

/** Every process below `pid`, children first listed before their own children. */
function descendantsOf(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  return childrenOf(pid).flatMap((child) => [child, ...descendantsOf(child)]);
}

/** A printed USDC amount (`1000.06`) in micro-USDC, exactly (no floating point). */
function microUsdc(printed: string): bigint {
  const [whole = '0', fraction = ''] = printed.split('.');
  return BigInt(whole) * 1_000_000n + BigInt(fraction.padEnd(6, '0'));
}

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
    // The chain observer's findings (public RPC only) for the session scheme: the cap and amounts
    // only in ciphertexts, and every ciphertext, the cap's included, of the one fixed length.
    expect(output).toContain(
      'chain observer no cap or amount in plain form in 6 transactions (the approve + 5 settlements); ' +
        'every encrypted amount one length (approve_checked 152 B, transfer 152 B) whatever its value; payer and merchant visible by design',
    );

    // The private scheme: each px402 route paid once through createPrivateClient, in order.
    expect(output).toContain('✓ private API up (GET /api/sentiment 0.01, /api/whales 0.02, /api/risk 0.03 USDC, private scheme)');
    const routes = [
      ['/api/sentiment', '0.01'],
      ['/api/whales', '0.02'],
      ['/api/risk', '0.03'],
    ] as const;
    let from = 0;
    for (const [i, [path, price]] of routes.entries()) {
      const quote = output.indexOf(`[${i + 1}/3] GET ${path} → 402 quote ${price} USDC`, from);
      expect(quote, `${path} quote after the previous route\n${output}`).toBeGreaterThan(from);
      const paid = output.indexOf(`paid privately ✓ ${price} USDC, tx `, quote);
      const served = output.indexOf('200 ✓ X-Payment-Signature ', paid);
      expect(paid, `${path} paid`).toBeGreaterThan(quote);
      expect(served, `${path} served`).toBeGreaterThan(paid);
      from = served;
    }
    expect(output).toMatch(/private calls\s+3 paid \(0\.06 USDC\), settle p50 \d+ ms, max \d+ ms/);
    // The merchant's public SPL balance rose by exactly 0.06 USDC (60 000 micro-USDC).
    const spl = /merchant SPL\s+([\d.]+) USDC → ([\d.]+) USDC \(\+0\.06 USDC\)/.exec(output);
    expect(spl, output).not.toBeNull();
    expect(microUsdc(spl![2]!) - microUsdc(spl![1]!)).toBe(60_000n);
    expect(output).toMatch(/agent SPL\s+[\d.]+ USDC → [\d.]+ USDC \(paid 0\.06 USDC \+ [\d.]+ USDC transfer fees\)/);
    expect(output).toContain(
      // 0.03 USDC goes as 0.02 + 0.01 (the API sums parts): four transfers and four settlements.
      'privacy        no base-chain transaction names both agent and merchant (4 agent transfers name only the agent, 4 settlements only the merchant)',
    );
    // ... and for the private scheme: with one agent, amount and time tie every settlement to it.
    expect(output).toContain(
      'chain observer amount-and-time linker ties 4 of 4 settlements to the agent (anonymity sets 1, 1, 1, 1): one agent pays here, nobody to hide among',
    );
    expect(output).toContain('demo ok: every balance moved by exactly what was charged, and no transaction links agent and merchant');

    // Its cleanup removed the run's own bus: nats-server, its JetStream store (the run's events)
    // and its credentials live under .stack/run-<id>, gone once the demo exits.
    expect(readdirSync(join(REPO_ROOT, '.stack')).filter((d) => d.startsWith('run-'))).toEqual([]);
  }, 300_000);

  it('stack: SIGTERM stops the chain and all eight services, leaving no process behind', async () => {
    const run = await runScript('stack');
    await eventually(async () => (run.lines.some((l) => l.startsWith('stack ready ')) ? true : undefined), 'stack ready', 600, 200).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${run.lines.join('\n')}`);
    });
    // The run's bus takes no client without credentials.
    const ready = JSON.parse(run.lines.find((l) => l.startsWith('stack ready '))!.slice('stack ready '.length)) as {
      nats: string;
      admin: { url: string; console: string; keyFile: string };
    };
    await expect(connect({ servers: ready.nats, reconnect: false })).rejects.toMatchObject({ code: 'AUTHORIZATION_VIOLATION' });

    // The operator can open the console: the page, then the admin API with the run's key (and only with it).
    const page = await fetch(ready.admin.console);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    const key = readFileSync(ready.admin.keyFile, 'utf8').trim();
    const asAdmin = (path: string, k = key) => fetch(`${ready.admin.url}/admin/v1${path}`, { headers: { authorization: `Bearer ${k}` } });
    expect(await (await asAdmin('/whoami')).json()).toEqual({ keyId: 'ops' });
    expect((await asAdmin('/whoami', 'x'.repeat(40))).status).toBe(401);
    // The overview's metrics reach every service run.mjs told the gateway about (ports the OS chose).
    const summary = (await (await asAdmin('/metrics/summary')).json()) as { sources: { service: string; ok: boolean }[]; pollerLagSlots: number | null };
    expect(summary.sources.map((s) => [s.service, s.ok])).toEqual([
      ['gateway', true],
      ['submitter', true],
      ['chain-poller', true],
      ['crank-keeper', true],
      ['session-ledger', true],
    ]);
    // The recipient registry (the admin API's own NATS user) answers: the run's bus knows the admin user.
    expect((await asAdmin('/recipients')).status).toBe(200);
    const children = childrenOf(run.proc.pid!);
    expect(children).toHaveLength(2 + ALL_SERVICES.length); // localnet, the run's nats-server and the services
    run.proc.signal('SIGTERM');
    expect(await run.exited).toBe(0);
    await eventually(async () => (children.every((pid) => !alive(pid)) ? true : undefined), 'every stack process to exit', 100, 200);
    expect(children.filter(alive)).toEqual([]);
  }, 300_000);
});
