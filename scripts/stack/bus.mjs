// The stack's bus and store with authentication on: a private nats-server running the generated
// authorization (one user per service, subject permissions from BUS_ROLES) and one Redis ACL
// user per service on the Redis in use, allowed only the run's keys. Shared by `npm run stack`
// and bench; tests/support does the same in TypeScript. Runs after the build (it reads
// libs/platform's dist through credentials.mjs).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeCredentials } from './credentials.mjs';
import { freePort, waitForPort } from './processes.mjs';

const natsBinary = () => (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server');

/**
 * The `cluster` block of node `index` of a NATS cluster whose nodes listen for routes on
 * `routePorts` (loopback only, between the run's own nodes). Shared with tests/support's
 * nats-server.process.ts.
 */
export function natsClusterConfig(index, routePorts, name = 'qp-run') {
  const routes = routePorts
    .filter((_, j) => j !== index)
    .map((p) => `nats-route://127.0.0.1:${p}`)
    .join(', ');
  return `server_name: n${index}\ncluster {\n  name: ${name}\n  listen: 127.0.0.1:${routePorts[index]}\n  routes: [${routes}]\n}\n`;
}

/**
 * Starts nats-server in `group` and creates the run's Redis users. `stateDir` holds the run's
 * secrets and JetStream store and is removed by `close()`, which also deletes the Redis users.
 * Returns `envFor(service)`: NATS_URL plus the service's NATS and Redis credential variables.
 *
 * `natsNodes` > 1 starts that many nats-servers joined by routes (JetStream clustered) and hands
 * the nodes out in turn, so consecutive services sit on different nodes. `redisUrls` are every
 * node of a Redis Cluster (the ACL users must exist on each); default `[redisUrl]`.
 */
export async function startAuthorizedBus(group, { stateDir, runId, redisNamespace, redisUrl, redisUrls = [redisUrl], natsNodes = 1 }) {
  const credentials = await writeCredentials(join(stateDir, 'secrets'), {
    redisUser: (service) => `qp-${runId}-${service}`,
    redisKeyPatterns: [`${redisNamespace}:*`],
  });
  const ports = [];
  const routePorts = [];
  for (let i = 0; i < natsNodes; i += 1) {
    ports.push(await freePort());
    if (natsNodes > 1) routePorts.push(await freePort());
  }
  const nodes = ports.map((port, i) => {
    let config = credentials.natsConfig;
    if (natsNodes > 1) {
      config = join(stateDir, `nats-${i}.conf`);
      writeFileSync(config, `${readFileSync(credentials.natsConfig, 'utf8')}\n${natsClusterConfig(i, routePorts)}`, { mode: 0o600 });
    }
    const store = join(stateDir, natsNodes > 1 ? `jetstream-${i}` : 'jetstream');
    return group.startBinary(natsNodes > 1 ? `nats-server-${i}` : 'nats-server', natsBinary(), [
      '-c',
      config,
      '-a',
      '127.0.0.1',
      '-p',
      String(port),
      '-js',
      '-sd',
      store,
    ]);
  });
  for (const port of ports) await waitForPort(port, 20_000, () => group.anyExited());
  const natsUrls = ports.map((port) => `nats://127.0.0.1:${port}`);
  const natsUrl = natsUrls[0];
  // A clustered JetStream answers only once its meta group elected a leader; services publish events on it at once.
  if (natsNodes > 1) for (const url of natsUrls) await jetStreamReady(url, credentials.natsOperator);
  let next = 0;
  const { Redis } = await import('ioredis');
  for (const url of redisUrls) {
    const admin = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await admin.connect();
    try {
      for (const [user, ...rules] of credentials.redisSetUserCommands()) await admin.call('ACL', 'SETUSER', user, ...rules);
    } finally {
      admin.disconnect();
    }
  }
  return {
    natsUrl,
    natsUrls,
    /** The nats-server processes' ids (a benchmark reads their CPU time). */
    natsPids: nodes.map((n) => n.pid),
    natsOperator: credentials.natsOperator,
    envFor: (service) => ({ NATS_URL: natsUrls[next++ % natsUrls.length], ...credentials.envFor(service) }),
    /** The gateway's admin API credentials (ADMIN_KEYS_FILE holds a digest; the key is in adminKeyFile). */
    adminEnv: credentials.adminEnv,
    adminKeyFile: credentials.adminKeyFile,
    async close() {
      try {
        for (const url of redisUrls) {
          const cleanup = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
          try {
            await cleanup.connect();
            await cleanup.call('ACL', 'DELUSER', ...credentials.redisUsers.map((u) => u.user));
          } finally {
            cleanup.disconnect();
          }
        }
      } finally {
        rmSync(stateDir, { recursive: true, force: true });
      }
    },
  };
}

/** Resolves once the node at `url` answers a JetStream account request (up to 30 s). */
async function jetStreamReady(url, operator) {
  const { connect } = await import('nats');
  let last;
  for (let attempt = 0; attempt < 300; attempt += 1) {
    try {
      const nc = await connect({ servers: url, ...operator, reconnect: false });
      try {
        await (await nc.jetstreamManager()).getAccountInfo();
        return;
      } finally {
        await nc.close();
      }
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`JetStream on ${url} not ready within 30 s: ${last?.message ?? last}`);
}
