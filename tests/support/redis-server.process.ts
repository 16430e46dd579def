import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, type LaunchedProcess, spawnRedisServer, waitForRedis } from './stack-scripts';

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
