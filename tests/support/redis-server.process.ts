import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './free-port';

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
  let proc: ChildProcess | undefined;

  const admin = (): Redis => {
    const redis = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => 200, lazyConnect: false });
    redis.on('error', () => undefined);
    return redis;
  };
  const answers = async (): Promise<boolean> => {
    const redis = new Redis(url, { maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false, lazyConnect: true });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      // Loading the AOF answers LOADING until the data is back.
      return (await redis.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      redis.disconnect();
    }
  };
  const exited = (child: ChildProcess): Promise<void> =>
    child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));

  const start = async (): Promise<void> => {
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--save',
      '',
      '--aclfile',
      aclFile,
    ];
    proc = spawn('redis-server', args, { stdio: 'ignore' });
    for (let attempt = 0; attempt < 200; attempt += 1) {
      if (await answers()) return;
      if (proc.exitCode !== null) throw new Error(`redis-server on port ${port} exited with ${proc.exitCode}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`redis-server on port ${port} did not start`);
  };

  const crash = async (): Promise<void> => {
    const redis = admin();
    try {
      await redis.call('ACL', 'SAVE');
    } finally {
      redis.disconnect();
    }
    const child = proc;
    if (!child) return;
    child.kill('SIGKILL');
    await exited(child);
  };

  await start();
  return {
    url,
    port,
    admin,
    crash,
    start,
    async stop() {
      const child = proc;
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited(child);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
