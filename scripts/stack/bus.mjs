// The stack's bus and store with authentication on: a private nats-server running the generated
// authorization (one user per service, subject permissions from BUS_ROLES) and one Redis ACL
// user per service on the Redis in use, allowed only the run's keys. Shared by `npm run stack`
// and bench; tests/support does the same in TypeScript. Runs after the build (it reads
// libs/platform's dist through credentials.mjs).
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeCredentials } from './credentials.mjs';
import { freePort, waitForPort } from './processes.mjs';

const natsBinary = () => (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server');

/**
 * Starts nats-server in `group` and creates the run's Redis users. `stateDir` holds the run's
 * secrets and JetStream store and is removed by `close()`, which also deletes the Redis users.
 * Returns `envFor(service)`: NATS_URL plus the service's NATS and Redis credential variables.
 */
export async function startAuthorizedBus(group, { stateDir, runId, redisNamespace, redisUrl }) {
  const credentials = await writeCredentials(join(stateDir, 'secrets'), {
    redisUser: (service) => `qp-${runId}-${service}`,
    redisKeyPatterns: [`${redisNamespace}:*`],
  });
  const port = await freePort();
  group.startBinary('nats-server', natsBinary(), [
    '-c',
    credentials.natsConfig,
    '-a',
    '127.0.0.1',
    '-p',
    String(port),
    '-js',
    '-sd',
    join(stateDir, 'jetstream'),
  ]);
  await waitForPort(port, 20_000, () => group.anyExited());
  const natsUrl = `nats://127.0.0.1:${port}`;
  const { Redis } = await import('ioredis');
  const admin = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await admin.connect();
  try {
    for (const [user, ...rules] of credentials.redisSetUserCommands()) await admin.call('ACL', 'SETUSER', user, ...rules);
  } finally {
    admin.disconnect();
  }
  return {
    natsUrl,
    natsOperator: credentials.natsOperator,
    envFor: (service) => ({ NATS_URL: natsUrl, ...credentials.envFor(service) }),
    /** The gateway's admin API credentials (ADMIN_KEYS_FILE holds a digest; the key is in adminKeyFile). */
    adminEnv: credentials.adminEnv,
    adminKeyFile: credentials.adminKeyFile,
    async close() {
      const cleanup = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
      try {
        await cleanup.connect();
        await cleanup.call('ACL', 'DELUSER', ...credentials.redisUsers.map((u) => u.user));
      } finally {
        cleanup.disconnect();
        rmSync(stateDir, { recursive: true, force: true });
      }
    },
  };
}
