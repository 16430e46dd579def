// Private redis-servers and a Redis Cluster of one run's own (masters only, each a redis-server on a
// free port), shared by the tests (tests/support/redis-server.process.ts, redis-cluster.process.ts)
// and bench/settle's cluster modes. ioredis is imported lazily: processes.mjs, which this builds on,
// must load before `npm ci`, this file only after it. Types: redis-servers.d.mts.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, launch } from './processes.mjs';

const run = promisify(execFile);

/**
 * `redis-server --port <port> --bind 127.0.0.1 --dir <dir> ...extra`, through the stack's launcher.
 * `start(name, file, args)` launches it (default: `launch`; a bench passes its ProcessGroup's
 * `startBinary` so Ctrl-C stops it with the rest).
 */
export function spawnRedisServer(port, dir, extra, start = launch) {
  return start(`redis-server-${port}`, 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...extra]);
}

/** One short-lived connection to the node on `port`; undefined when it does not answer. */
async function withNode(port, use) {
  const { Redis } = await import('ioredis');
  const redis = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false, lazyConnect: true });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await use(redis);
  } catch {
    return undefined;
  } finally {
    redis.disconnect();
  }
}

/** Polls `check` every 100 ms, up to a minute (a loaded machine starts servers slowly). */
async function until(check, what, proc) {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    if (await check()) return;
    if (proc?.hasExited) throw new Error(`${proc.name} exited (${String(proc.code)}) before ${what}:\n${proc.tail.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Resolves once the redis-server on `port` answers PING (one loading its AOF answers LOADING until
 * the data is back); rejects when `proc` exits first or after a minute.
 */
export function waitForRedis(port, proc) {
  return until(() => withNode(port, async (r) => (await r.ping()) === 'PONG').then((ok) => ok === true), `redis-server on port ${port} to answer PING`, proc);
}

/**
 * Starts `masters` redis-servers with `--cluster-enabled yes`, joins them with
 * `redis-cli --cluster create` (no replicas: the slots are spread over the masters) and resolves
 * once every node reports `cluster_state:ok`. Persistence is off: a cluster run is about slots and
 * keys, not durability. Resolves with `nodes` (`host:port,…`, as REDIS_CLUSTER_NODES takes them),
 * `urls` (`redis://host:port` of each master: admin connections, ACL users), `pids` and `stop()`.
 */
export async function startRedisCluster(masters = 3, { start = launch } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'qp-redis-cluster-'));
  const ports = [];
  const procs = [];
  const stop = async () => {
    await Promise.all(procs.map((p) => p.kill()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i += 1) {
      const port = await freePort();
      ports.push(port);
      procs.push(
        spawnRedisServer(port, dir, ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--appendonly', 'no', '--save', ''], start),
      );
    }
    for (const [i, port] of ports.entries()) await waitForRedis(port, procs[i]);
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { timeout: 60_000 });
    const clusterOk = (port) => withNode(port, async (r) => String(await r.call('CLUSTER', 'INFO')).includes('cluster_state:ok')).then((ok) => ok === true);
    for (const [i, port] of ports.entries()) await until(() => clusterOk(port), `node ${port} to report cluster_state:ok`, procs[i]);
  } catch (error) {
    await stop();
    throw error;
  }
  const nodes = ports.map((p) => `127.0.0.1:${p}`);
  return { ports, nodes: nodes.join(','), urls: ports.map((p) => `redis://127.0.0.1:${p}`), pids: procs.map((p) => p.pid), stop };
}
