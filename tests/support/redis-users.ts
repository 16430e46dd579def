import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { NATS_SERVICE_USERS, redisAclRules } from '@quietpay/platform';

export interface RedisUsers {
  /** REDIS_USERNAME and REDIS_PASSWORD_FILE of a service's user. */
  envFor(service: string): Record<string, string>;
  /** Deletes the users and their password files. */
  remove(): Promise<void>;
}

/**
 * One Redis ACL user per service on the shared Redis, as scripts/stack/bus.mjs creates them for
 * `npm run stack`: unique to the run (`qp-<run>-<service>`), allowed only keys matching
 * `keyPattern` and no dangerous command. The shared Redis itself keeps its open default user
 * for other tests; a Redis with the default user off is tested in tests/foundation/store-auth.
 */
export async function createRedisUsers(run: string, keyPattern: string, redisUrl: string | readonly string[] = 'redis://127.0.0.1:6379'): Promise<RedisUsers> {
  const dir = mkdtempSync(join(tmpdir(), 'qp-redis-users-'));
  const userOf = (service: string) => `qp-${run}-${service}`;
  // A Redis Cluster keeps ACL users per node: each node gets every user.
  const urls = typeof redisUrl === 'string' ? [redisUrl] : redisUrl;
  const passwords = new Map(NATS_SERVICE_USERS.map((service) => [service, randomBytes(18).toString('base64url')]));
  for (const [service, password] of passwords) writeFileSync(join(dir, `${service}.password`), password, { mode: 0o600 });
  for (const url of urls) {
    const admin = new Redis(url);
    try {
      for (const [service, password] of passwords) {
        await admin.call('ACL', 'SETUSER', userOf(service), ...redisAclRules({ user: userOf(service), password, keyPatterns: [keyPattern] }));
      }
    } finally {
      admin.disconnect();
    }
  }
  return {
    envFor: (service) => ({ REDIS_USERNAME: userOf(service), REDIS_PASSWORD_FILE: join(dir, `${service}.password`) }),
    async remove() {
      try {
        for (const url of urls) {
          const cleanup = new Redis(url);
          try {
            await cleanup.call('ACL', 'DELUSER', ...NATS_SERVICE_USERS.map(userOf));
          } finally {
            cleanup.disconnect();
          }
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
