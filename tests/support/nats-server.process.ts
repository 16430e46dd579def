import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ConnectionOptions, connect, type NatsConnection } from 'nats';
import { inboxPrefixOf, NATS_ADMIN_USER, NATS_OPERATOR_USER, NATS_SERVICE_USERS, natsUsers, renderNatsAuthorization } from '@quietpay/platform';
import { freePort, launch, type LaunchedProcess, natsClusterConfig } from './stack-scripts';

/** What a test needs to put a process on the bus as one of its users. */
export interface NatsAccess {
  readonly url: string;
  /** NATS_URL, NATS_USER and NATS_PASSWORD_FILE for a service (or the operator). */
  envFor(user: string): Record<string, string>;
}

export interface NatsServerProcess extends NatsAccess {
  /** Client options of a user: a service's name or `operator` (every subject, for test harnesses). */
  optionsFor(user: string): ConnectionOptions;
  /** A connection as `user` (default: the operator, which may publish and subscribe anything). */
  connect(user?: string): Promise<NatsConnection>;
  /** SIGKILLs the server (a crash); `start` brings it back on the same port and config. */
  crash(): Promise<void>;
  /** Starts the server again after `crash`; resolves once it accepts the operator. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A private nats-server (with JetStream) on its own port, so a test's subjects and consumers
 * cannot meet those of other tests or engineers sharing the machine's NATS. It runs with
 * authorization on, exactly as deployed: one user per service with the permissions derived from
 * BUS_ROLES, plus an operator user for the test's own requests and observers. Passwords are
 * fresh per server, in files only this user can read.
 */
export async function startNatsServer(): Promise<NatsServerProcess> {
  return startNats(1);
}

/**
 * A NATS cluster of `size` nats-servers joined by routes (JetStream clustered, one meta group),
 * each with the same authorization as startNatsServer. `envFor` hands out the nodes in turn, so
 * consecutive services connect to different nodes; `url` and `connect` use the first node.
 * `crash`/`start` take the whole cluster down and up.
 */
export async function startNatsCluster(size = 3): Promise<NatsServerProcess & { readonly urls: readonly string[] }> {
  return startNats(size);
}

async function startNats(size: number): Promise<NatsServerProcess & { readonly urls: readonly string[] }> {
  const ports: number[] = [];
  const routePorts: number[] = [];
  for (let i = 0; i < size; i += 1) {
    ports.push(await freePort());
    if (size > 1) routePorts.push(await freePort());
  }
  const dir = mkdtempSync(join(tmpdir(), 'qp-nats-'));
  const passwords = new Map<string, string>(
    [...NATS_SERVICE_USERS, NATS_ADMIN_USER, NATS_OPERATOR_USER].map((u) => [u, randomBytes(18).toString('base64url')]),
  );
  const passwordFile = (user: string): string => {
    if (!passwords.has(user)) throw new Error(`no NATS user ${user}`);
    return join(dir, `${user}.password`);
  };
  for (const [user, password] of passwords) writeFileSync(passwordFile(user), password, { mode: 0o600 });
  const authorization = renderNatsAuthorization(natsUsers((u) => passwords.get(u)));
  const configPaths = ports.map((_, i) => {
    const configPath = join(dir, `nats-${i}.conf`);
    // Routes only on loopback, between this test's own nodes (the same block bench's NATS cluster uses).
    const cluster = size > 1 ? natsClusterConfig(i, routePorts, 'qp-test') : '';
    writeFileSync(configPath, `${authorization}${cluster}`, { mode: 0o600 });
    return configPath;
  });
  const spawnServer = (i: number): LaunchedProcess =>
    launch(`nats-server-${i}`, 'nats-server', ['-c', configPaths[i]!, '-a', '127.0.0.1', '-p', String(ports[i]), '-js', '-sd', join(dir, `store-${i}`)]);
  let procs: LaunchedProcess[] = ports.map((_, i) => spawnServer(i));
  const urls = ports.map((port) => `nats://127.0.0.1:${port}`);
  const url = urls[0]!;
  const optionsFor = (user: string, at = url): ConnectionOptions => ({
    servers: at,
    user,
    pass: passwords.get(user) ?? '',
    inboxPrefix: inboxPrefixOf(user),
    reconnect: false,
  });
  const ready = async (): Promise<void> => {
    for (const at of urls) await waitUntilAccepting(optionsFor(NATS_OPERATOR_USER, at), size > 1);
  };
  let next = 0;
  await ready();
  return {
    url,
    urls,
    envFor: (user) => {
      // Round robin: on a cluster, the services of a stack end up on different nodes.
      const at = urls[next++ % urls.length]!;
      return { NATS_URL: at, NATS_USER: user, NATS_PASSWORD_FILE: passwordFile(user) };
    },
    optionsFor: (user) => optionsFor(user),
    connect: (user = NATS_OPERATOR_USER) => connect(optionsFor(user)),
    async crash() {
      await Promise.all(procs.map((proc) => proc.kill()));
    },
    async start() {
      procs = ports.map((_, i) => spawnServer(i));
      await ready();
    },
    async stop() {
      // A generous grace: JetStream flushes its store on the way out.
      await Promise.all(procs.map((proc) => proc.stop(60_000)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitUntilAccepting(options: ConnectionOptions, jetStreamClustered: boolean): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    try {
      const nc = await connect(options);
      try {
        // A clustered JetStream answers only once its meta group elected a leader.
        if (jetStreamClustered) await (await nc.jetstreamManager()).getAccountInfo();
      } finally {
        await nc.close();
      }
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`nats-server at ${String(options.servers)} did not start`);
}
