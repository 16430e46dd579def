import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cluster, Redis } from 'ioredis';
import { spawnRedisServer, waitForRedis } from './redis-server.process';
import { freePort, type LaunchedProcess } from './stack-scripts';

const run = promisify(execFile);

/** A Redis Cluster of a test's own: masters only, each a redis-server on a free port. */
export interface RedisClusterProcess {
  /** `host:port` of every master, as REDIS_CLUSTER_NODES takes them. */
  readonly nodes: string;
  /** `redis://host:port` of every master (an admin connection to one node: ACL users, SCAN). */
  readonly urls: readonly string[];
  /** A Cluster client as the open default user (the test's own reads). */
  client(): Cluster;
  stop(): Promise<void>;
}

/**
 * Starts `masters` redis-servers with `--cluster-enabled yes`, joins them with
 * `redis-cli --cluster create` (no replicas: the slots are spread over the masters) and resolves
 * once every node reports `cluster_state:ok`. Persistence is off: a cluster test is about slots
 * and keys, not durability (tests/support/redis-server.process.ts covers that).
 */
export async function startRedisCluster(masters = 3): Promise<RedisClusterProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'qp-redis-cluster-'));
  const ports: number[] = [];
  const procs: LaunchedProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(procs.map((p) => p.kill()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i += 1) {
      const port = await freePort();
      ports.push(port);
      procs.push(spawnRedisServer(port, dir, ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--appendonly', 'no', '--save', '']));
    }
    for (const [i, port] of ports.entries()) await waitForRedis(port, procs[i]!);
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { timeout: 60_000 });
    for (const port of ports) await until(() => clusterOk(port), `node ${port} to report cluster_state:ok`);
  } catch (error) {
    await stop();
    throw error;
  }
  const nodes = ports.map((p) => `127.0.0.1:${p}`);
  return {
    nodes: nodes.join(','),
    urls: ports.map((p) => `redis://127.0.0.1:${p}`),
    client: () => new Cluster(nodes.map((n) => ({ host: '127.0.0.1', port: Number(n.split(':')[1]) }))),
    stop,
  };
}

async function withNode<T>(port: number, use: (redis: Redis) => Promise<T>): Promise<T | undefined> {
  const redis = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
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

const clusterOk = (port: number): Promise<boolean> =>
  withNode(port, async (r) => String(await r.call('CLUSTER', 'INFO')).includes('cluster_state:ok')).then((ok) => ok === true);

/** Polls `check` every 100 ms, up to a minute (a loaded machine starts servers slowly). */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
