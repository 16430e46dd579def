// The processes of a benchmark run, on scripts/stack's launcher: the built localnet, the run's
// authorized nats-server and Redis users (scripts/stack/bus.mjs, as `npm run stack` runs them) and
// quietpay services on ephemeral ports. Built dists only: run `npm run build` first.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAuthorizedBus } from '../../scripts/stack/bus.mjs';
import { ProcessGroup, serviceStarted } from '../../scripts/stack/processes.mjs';
import { startRedisCluster } from '../../scripts/stack/redis-servers.mjs';
import { deleteRunKeys } from '../../scripts/stack/run-keys.mjs';
import { serviceEnv, serviceScript } from '../../scripts/stack/services.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** The chain and the services; the bus has a group of its own, stopped after them. */
const group = new ProcessGroup();
const busGroup = new ProcessGroup();
const buses = [];
/**
 * The shared Redis and the namespaces of this process's runs on it: their keys are deleted at the
 * end (a batched acceptance run leaves ~9,000, and every SCAN-walked operator listing, tests
 * included, gets slower with each run a machine keeps).
 */
const runKeys = [];
/** Redis Clusters a benchmark started: stopped last, after the bus deleted its users on them. */
const clusterGroup = new ProcessGroup();
const clusters = [];

export function requireBuilt(paths) {
  const missing = paths.filter((p) => !existsSync(join(ROOT, p)));
  if (missing.length > 0) throw new Error(`not built: ${missing.join(', ')} (run \`npm run build\` first)`);
}

/**
 * The built localnet (infra/localnet/dist/main.js) in its own process, so the chain does not share
 * an event loop with the load generator. Resolves with the parsed `localnet ready` line.
 */
export async function startLocalnetProcess({ slotMs, crankMs }) {
  const stateDir = mkdtempSync(join(tmpdir(), 'qp-bench-localnet-'));
  const args = ['--port=0', '--covalidator-port=0', '--payments-port=0', `--state-dir=${stateDir}`];
  if (slotMs !== undefined) args.push(`--slot-ms=${slotMs}`);
  if (crankMs !== undefined) args.push(`--crank-ms=${crankMs}`);
  const localnet = group.start('localnet', join(ROOT, 'infra/localnet/dist/main.js'), { args });
  const info = await localnet.waitForLine((line) => line.startsWith('localnet ready ') && JSON.parse(line.slice('localnet ready '.length)), {
    timeoutMs: 180_000,
    description: '"localnet ready"',
  });
  return { info, stateDir };
}

/**
 * The run's nats-server with authorization on and its Redis ACL users, allowed only keys under
 * `redisNamespace:`. `envFor(service)` is NATS_URL plus that service's credential variables;
 * `connectOptions` is the operator's (every subject), for the benchmark's own observers.
 * `natsNodes` > 1: a NATS cluster of that many routed nodes, handed to the services in turn.
 * `redisUrls`: every node of a Redis Cluster (the users are created on each).
 */
export async function startBus({ runId, redisNamespace, natsNodes = 1, redisUrls }) {
  const storeDir = mkdtempSync(join(tmpdir(), 'qp-bench-nats-'));
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const bus = await startAuthorizedBus(busGroup, { stateDir: storeDir, runId, redisNamespace, redisUrl, redisUrls: redisUrls ?? [redisUrl], natsNodes });
  buses.push(bus);
  if (!redisUrls) runKeys.push({ redisUrl, namespace: redisNamespace });
  return {
    url: bus.natsUrl,
    urls: bus.natsUrls,
    pids: bus.natsPids,
    storeDir,
    envFor: bus.envFor,
    connectOptions: { servers: bus.natsUrl, ...bus.natsOperator },
  };
}

/**
 * A Redis Cluster of the run's own (scripts/stack/redis-servers.mjs: `masters` redis-servers on
 * free ports, persistence off), stopped by stopAll after the bus (whose close deletes its users).
 */
export async function startRedisClusterProcess(masters = 3) {
  const cluster = await startRedisCluster(masters, { start: (name, file, args) => clusterGroup.startBinary(name, file, args) });
  clusters.push(cluster);
  return cluster;
}

/**
 * `node services/<name>/dist/main.js` with `env`; resolves with the HTTP port of its
 * `service started` line and the launched process. `onLog` sees every JSON log line, for
 * benchmarks that read a service's own account of its work. `nodeArgs` go to node (e.g.
 * --cpu-prof); `root` runs another checkout's build (a before/after run).
 */
export async function startService(name, env, { timeoutMs = 60_000, onLog, nodeArgs = [], root = ROOT } = {}) {
  const entry = group.start(name, serviceScript(root, name), { env, nodeArgs });
  return { port: await serviceStarted(entry, { timeoutMs, onLog }), entry };
}

/**
 * The private scheme's facilitator side of bench/private and bench/privacy: chain-poller (polling
 * every `pollMs`) and the gateway (its `/private/payments/:id` lookup), with the environment
 * `npm run stack` gives them, Redis keys under `run:`, each as its own bus user. `onPollerLog` sees
 * chain-poller's log lines. Resolves with the gateway's URL and the poller's health port.
 */
export async function startPrivateFacilitator(info, bus, run, { pollMs, onPollerLog } = {}) {
  const envOf = (name, extra) => ({
    ...serviceEnv(name, info, { namespace: run, ports: 'ephemeral', bus }),
    // info: `service started` (what startService waits for) is logged at info; the services log little on this path.
    LOG_LEVEL: 'info',
    INSTANCE_ID: `${run}-${name}`,
    ...extra,
  });
  const [poller, gateway] = await Promise.all([
    startService('chain-poller', envOf('chain-poller', pollMs !== undefined ? { POLL_INTERVAL_MS: String(pollMs) } : {}), { onLog: onPollerLog }),
    startService('gateway', envOf('gateway')),
  ]);
  return { gatewayUrl: `http://127.0.0.1:${gateway.port}`, pollerPort: poller.port };
}

/** Children that died while the benchmark ran (a dead service explains a stalled pipeline). */
export function deadChildren() {
  return group.dead();
}

/** Stops every child this process started (SIGKILL after the grace period); the bus last. */
export async function stopAll(graceMs = 8_000) {
  await group.stopAll(graceMs);
  await busGroup.stopAll(graceMs);
  for (const bus of buses.splice(0)) await bus.close().catch(() => undefined);
  for (const { redisUrl, namespace } of runKeys.splice(0)) await deleteRunKeys(redisUrl, namespace).catch(() => undefined);
  for (const cluster of clusters.splice(0)) await cluster.stop().catch(() => undefined);
  await clusterGroup.stopAll(graceMs);
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
