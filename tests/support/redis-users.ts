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
export async function createRedisUsers(run: string, keyPattern: string, redisUrl = 'redis://127.0.0.1:6379'): Promise<RedisUsers> {
  const dir = mkdtempSync(join(tmpdir(), 'qp-redis-users-'));
  const userOf = (service: string) => `qp-${run}-${service}`;
  const admin = new Redis(redisUrl);
  try {
    for (const service of NATS_SERVICE_USERS) {
      const password = randomBytes(18).toString('base64url');
      writeFileSync(join(dir, `${service}.password`), password, { mode: 0o600 });
      await admin.call('ACL', 'SETUSER', userOf(service), ...redisAclRules({ user: userOf(service), password, keyPatterns: [keyPattern] }));
    }
  } finally {
    admin.disconnect();
  }
  return {
    envFor: (service) => ({ REDIS_USERNAME: userOf(service), REDIS_PASSWORD_FILE: join(dir, `${service}.password`) }),
    async remove() {
      const cleanup = new Redis(redisUrl);
      try {
        await cleanup.call('ACL', 'DELUSER', ...NATS_SERVICE_USERS.map(userOf));
      } finally {
        cleanup.disconnect();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
