import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, launch, type LaunchedProcess } from './stack-scripts';

/** A redis-server of a test's own, which the test may crash and start again on the same port. */
export interface RedisServerProcess {
  readonly url: string;
  readonly port: number;
  /** A fresh admin connection (the default user, every command); disconnect it when done. */
  admin(): Redis;
  /** SIGKILLs the server (a crash); `start` brings it back with its data and ACL users. */
  crash(): Promise<void>;
  /** Starts the server again on the same port with the same data dir; resolves once it answers. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A private redis-server on a free port with the append-only file on and fsync on every write, so
 * a crash loses nothing Redis acknowledged: what a restart tests is the services' recovery, not
 * Redis's durability settings. The ACL users a test creates (tests/support/redis-users.ts) are
 * saved to an ACL file before each crash, so services log in again after the restart. The
 * default user stays open for the test's own reads.
 */
export async function startRedisServer(): Promise<RedisServerProcess> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'qp-redis-'));
  const aclFile = join(dir, 'users.acl');
  writeFileSync(aclFile, 'user default on nopass ~* &* +@all\n', { mode: 0o600 });
  const url = `redis://127.0.0.1:${port}`;
  let proc: LaunchedProcess | undefined;

  const admin = (): Redis => {
    const redis = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => 200, lazyConnect: false });
    redis.on('error', () => undefined);
    return redis;
  };
  const start = async (): Promise<void> => {
    proc = spawnRedisServer(port, dir, ['--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--aclfile', aclFile]);
    await waitForRedis(port, proc);
  };

  const crash = async (): Promise<void> => {
    const redis = admin();
    try {
      await redis.call('ACL', 'SAVE');
    } finally {
      redis.disconnect();
    }
    await proc?.kill();
  };

  await start();
  return {
    url,
    port,
    admin,
    crash,
    start,
    async stop() {
      await proc?.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * `redis-server --port <port> --bind 127.0.0.1 --dir <dir> ...extra`, through the stack's launcher
 * (shared by this private server and tests/support/redis-cluster.process.ts).
 */
export function spawnRedisServer(port: number, dir: string, extra: readonly string[]): LaunchedProcess {
  return launch(`redis-server-${port}`, 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...extra]);
}

/**
 * Resolves once the redis-server on `port` answers PING (one loading its AOF answers LOADING until
 * the data is back); rejects when `proc` exits first or after a minute (a loaded machine starts it slowly).
 */
export async function waitForRedis(port: number, proc: LaunchedProcess): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    if (await answersPing(port)) return;
    if (proc.hasExited) throw new Error(`redis-server on port ${port} exited (${String(proc.code)}):\n${proc.tail.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`redis-server on port ${port} did not start`);
}

async function answersPing(port: number): Promise<boolean> {
  const redis = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false, lazyConnect: true });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}
