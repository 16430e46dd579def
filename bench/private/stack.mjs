// Process plumbing shared by bench/private and bench/settle: the built localnet, a private
// nats-server and quietpay services as real child processes on ephemeral ports, plus the small
// statistics and machine facts every report carries. Built dists only: run `npm run build` first.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

const require = createRequire(import.meta.url);

/** A keypair from a solana-keygen JSON file (localnet writes its dev wallets so). */
export function keypairFrom(path) {
  const { Keypair } = require('@solana/web3.js');
  return Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(path, 'utf8'))));
}

/**
 * The two dev agents, plus fresh wallets funded with SOL (airdrop) and USDC (minted by the mint
 * authority), from a localnet's `ready` info. Shared by bench/private and bench/privacy.
 */
export async function fundAgents(info, count) {
  const web3 = require('@solana/web3.js');
  const spl = require('@solana/spl-token');
  const agents = [keypairFrom(info.wallets.agent.keypairPath), keypairFrom(info.wallets.agent2.keypairPath)].slice(0, count);
  const authority = keypairFrom(info.wallets.mintAuthority.keypairPath);
  const mint = new web3.PublicKey(info.mints.usdc);
  const connection = new web3.Connection(info.endpoints.rpc, 'confirmed');
  while (agents.length < count) {
    const kp = web3.Keypair.generate();
    await connection.confirmTransaction(await connection.requestAirdrop(kp.publicKey, 10 * web3.LAMPORTS_PER_SOL), 'confirmed');
    const ata = spl.getAssociatedTokenAddressSync(mint, kp.publicKey);
    const tx = new web3.Transaction().add(
      spl.createAssociatedTokenAccountIdempotentInstruction(authority.publicKey, ata, kp.publicKey, mint),
      spl.createMintToInstruction(mint, ata, authority.publicKey, 1_000_000_000n),
    );
    await web3.sendAndConfirmTransaction(connection, tx, [authority], { commitment: 'confirmed' });
    agents.push(kp);
  }
  return { agents, connection };
}

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

const buses = [];
let busGroup;

/**
 * A private nats-server with authorization on (scripts/stack/bus.mjs, as `npm run stack` runs it)
 * and the run's Redis ACL users, allowed only keys under `redisNamespace:`. `envFor(service)` is
 * NATS_URL plus that service's credential variables; `connectOptions` is the operator's (every
 * subject), for the benchmark's own observers.
 */
export async function startNats({ runId, redisNamespace }) {
  const { ProcessGroup } = await import('../../scripts/stack/processes.mjs');
  const { startAuthorizedBus } = await import('../../scripts/stack/bus.mjs');
  busGroup ??= new ProcessGroup(mkdtempSync(join(tmpdir(), 'qp-bench-bus-logs-')));
  const storeDir = mkdtempSync(join(tmpdir(), 'qp-bench-nats-'));
  const bus = await startAuthorizedBus(busGroup, { stateDir: storeDir, runId, redisNamespace, redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
  buses.push(bus);
  return { url: bus.natsUrl, storeDir, envFor: bus.envFor, connectOptions: { servers: bus.natsUrl, ...bus.natsOperator } };
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

/** SIGTERM each child this process started (by its own handle), SIGKILL after the grace period; the bus last. */
export async function stopAll(graceMs = 8_000) {
  await stopChildren(graceMs);
  await busGroup?.stopAll(graceMs);
  for (const bus of buses.splice(0)) await bus.close().catch(() => undefined);
}

async function stopChildren(graceMs) {
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
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const json = await res.json();
  if (json.error) throw new Error(`${method}: ${json.error.message}`);
  return json.result;
}
