// Process plumbing shared by bench/private and bench/settle: the built localnet, a private
// nats-server and quietpay services as real child processes on ephemeral ports, plus the small
// statistics and machine facts every report carries. Built dists only: run `npm run build` first.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Every child this process started, so one `stopAll` (and Ctrl-C) ends exactly those pids. */
const children = [];

function track(name, child) {
  const entry = { name, child, exited: false, code: null, tail: [] };
  child.once('exit', (code, signal) => {
    entry.exited = true;
    entry.code = code ?? signal;
  });
  children.push(entry);
  return entry;
}

// Keeps the last lines of a child's output: when it dies, the report says why instead of "exited 1".
function keepTail(entry, stream, onLine) {
  createInterface({ input: stream }).on('line', (line) => {
    entry.tail.push(line);
    if (entry.tail.length > 40) entry.tail.shift();
    onLine?.(line);
  });
}

export function requireBuilt(paths) {
  const missing = paths.filter((p) => !existsSync(join(ROOT, p)));
  if (missing.length > 0) throw new Error(`not built: ${missing.join(', ')} (run \`npm run build\` first)`);
}

/** A TCP port that was free a moment ago (nats-server cannot bind port 0 and report it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * The built localnet (infra/localnet/dist/main.js) in its own process, so the chain does not share
 * an event loop with the load generator. Resolves with the parsed `localnet ready` line.
 */
export function startLocalnetProcess({ slotMs, crankMs }) {
  const stateDir = mkdtempSync(join(tmpdir(), 'qp-bench-localnet-'));
  const args = ['--port=0', '--covalidator-port=0', '--payments-port=0', `--state-dir=${stateDir}`];
  if (slotMs !== undefined) args.push(`--slot-ms=${slotMs}`);
  if (crankMs !== undefined) args.push(`--crank-ms=${crankMs}`);
  const child = spawn(process.execPath, [join(ROOT, 'infra/localnet/dist/main.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const entry = track('localnet', child);
  keepTail(entry, child.stderr);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`localnet exited with ${code}:\n${entry.tail.join('\n')}`)));
    keepTail(entry, child.stdout, (line) => {
      if (line.startsWith('localnet ready ')) resolve({ info: JSON.parse(line.slice('localnet ready '.length)), stateDir });
    });
  });
}

/** A private nats-server with JetStream: the services' subjects never meet other engineers' on :4222. */
export async function startNats() {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'qp-bench-nats-'));
  const child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], { stdio: ['ignore', 'ignore', 'pipe'] });
  const entry = track('nats-server', child);
  keepTail(entry, child.stderr);
  const { connect } = await import('nats');
  const url = `nats://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (entry.exited) throw new Error(`nats-server exited (${entry.code}):\n${entry.tail.join('\n')}`);
    try {
      const nc = await connect({ servers: url, reconnect: false });
      await nc.close();
      return { url, storeDir };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`nats-server at ${url} did not start`);
}

/**
 * `node services/<name>/dist/main.js` with `env`; resolves with the HTTP port from its
 * `service started` log line (services bind port 0 when told to, so runs never collide).
 * `onLog` sees every JSON log line, for benchmarks that read a service's own account of its work.
 * `nodeArgs` go to node (e.g. --cpu-prof); `root` runs another checkout's build (a before/after run).
 */
export function startService(name, env, { timeoutMs = 60_000, onLog, nodeArgs = [], root = ROOT } = {}) {
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'services', name, 'dist', 'main.js')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const entry = track(name, child);
  keepTail(entry, child.stderr);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: no "service started" within ${timeoutMs} ms:\n${entry.tail.join('\n')}`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before it started:\n${entry.tail.join('\n')}`));
    });
    keepTail(entry, child.stdout, (line) => {
      let log;
      try {
        log = JSON.parse(line);
      } catch {
        return;
      }
      onLog?.(log);
      if (log.msg === 'service started') {
        clearTimeout(timer);
        resolve({ port: Number(log.httpPort), entry });
      }
    });
  });
}

/** Children that died while the benchmark ran (a dead service explains a stalled pipeline). */
export function deadChildren() {
  return children.filter((c) => c.exited).map((c) => `${c.name} exited (${c.code}):\n${c.tail.slice(-15).join('\n')}`);
}

/** SIGTERM each child this process started (by its own handle), SIGKILL after the grace period. */
export async function stopAll(graceMs = 8_000) {
  const alive = children.filter((c) => !c.exited).reverse();
  await Promise.all(
    alive.map(
      (c) =>
        new Promise((resolve) => {
          const killer = setTimeout(() => c.child.kill('SIGKILL'), graceMs);
          c.child.once('exit', () => {
            clearTimeout(killer);
            resolve();
          });
          c.child.kill('SIGTERM');
        }),
    ),
  );
}

export function removeDirs(dirs) {
  for (const d of dirs) if (d) rmSync(d, { recursive: true, force: true });
}

/** Ctrl-C still stops the children: a killed benchmark must not leave a chain and services running. */
export function stopOnSignals() {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      void stopAll(2_000).then(() => process.exit(130));
    });
  }
}

/** Nearest-rank percentile of an ascending array (undefined when empty). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** p50/p95/p99/max (ms) of a list of durations. */
export function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.length === 0 ? undefined : sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { n: sorted.length, mean, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) };
}

export const ms = (v) => (v === undefined ? '–' : v >= 100 ? v.toFixed(0) : v.toFixed(1));

export function machine() {
  const cpu = cpus();
  return { cores: cpu.length, cpu: cpu[0]?.model?.trim() ?? 'unknown', memGiB: (totalmem() / 2 ** 30).toFixed(1), node: process.version };
}

export async function rpcCall(url, method, params = []) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const json = await res.json();
  if (json.error) throw new Error(`${method}: ${json.error.message}`);
  return json.result;
}
