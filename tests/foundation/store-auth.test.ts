import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderRedisAclFile } from '@quietpay/platform';
import { freePort } from '../support/free-port';
import { eventually } from '../support/service.process';

// Redis as compose and k8s run it: the ACL file the credentials generator writes (default user
// off, one user per service), on a private redis-server so the shared one is left alone.
describe('Redis ACL users', () => {
  let dir: string;
  let server: ChildProcess;
  let port: number;
  const clients: Redis[] = [];
  const client = (options: { username?: string; password?: string } = {}): Redis => {
    const redis = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 0, retryStrategy: () => null, enableReadyCheck: false, ...options });
    // Refusals are asserted on the commands; the connection's own error event would only add noise.
    redis.on('error', () => undefined);
    clients.push(redis);
    return redis;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qp-redis-acl-'));
    const acl = join(dir, 'users.acl');
    writeFileSync(acl, renderRedisAclFile([{ user: 'session-ledger', password: 'ledger-pw', keyPatterns: ['qp:ledger:*'] }]), { mode: 0o600 });
    port = await freePort();
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--aclfile', acl], { stdio: 'ignore' });
    await eventually(
      () =>
        client({ username: 'session-ledger', password: 'ledger-pw' })
          .ping()
          .catch(() => undefined),
      'redis-server with the ACL file',
      100,
      100,
    );
  });

  afterAll(async () => {
    for (const c of clients) c.disconnect();
    server?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a client without credentials, or with a wrong password', async () => {
    await expect(client().get('qp:ledger:x')).rejects.toThrow(/NOAUTH/);
    await expect(client({ username: 'session-ledger', password: 'wrong' }).ping()).rejects.toThrow(/WRONGPASS/);
  });

  it('lets the health-check user PING and read nothing', async () => {
    const health = client({ username: 'health', password: 'any' });
    expect(await health.ping()).toBe('PONG');
    await expect(health.get('qp:ledger:session:1')).rejects.toThrow(/NOPERM/);
  });

  it('lets a service use its own keys, and nothing else or anything dangerous', async () => {
    const ledger = client({ username: 'session-ledger', password: 'ledger-pw' });
    await ledger.set('qp:ledger:session:1', 'x');
    expect(await ledger.get('qp:ledger:session:1')).toBe('x');
    await expect(ledger.get('bull:settlement-submit:1')).rejects.toThrow(/NOPERM/);
    for (const command of [['FLUSHALL'], ['KEYS', '*'], ['CONFIG', 'GET', 'requirepass'], ['ACL', 'LIST'], ['CLIENT', 'LIST'], ['SWAPDB', '0', '1']]) {
      await expect(ledger.call(command[0]!, ...command.slice(1)), command.join(' ')).rejects.toThrow(/NOPERM/);
    }
  });
});
