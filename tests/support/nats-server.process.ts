import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ConnectionOptions, connect, type NatsConnection } from 'nats';
import { inboxPrefixOf, NATS_ADMIN_USER, NATS_OPERATOR_USER, NATS_SERVICE_USERS, natsUsers, renderNatsAuthorization } from '@quietpay/platform';
import { freePort } from './free-port';

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
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'qp-nats-'));
  const passwords = new Map<string, string>([...NATS_SERVICE_USERS, NATS_ADMIN_USER, NATS_OPERATOR_USER].map((u) => [u, randomBytes(18).toString('base64url')]));
  const passwordFile = (user: string): string => {
    if (!passwords.has(user)) throw new Error(`no NATS user ${user}`);
    return join(dir, `${user}.password`);
  };
  for (const [user, password] of passwords) writeFileSync(passwordFile(user), password, { mode: 0o600 });
  const configPath = join(dir, 'nats.conf');
  writeFileSync(configPath, renderNatsAuthorization(natsUsers((u) => passwords.get(u))), { mode: 0o600 });
  let proc: ChildProcess = spawnServer();
  function spawnServer(): ChildProcess {
    return spawn('nats-server', ['-c', configPath, '-a', '127.0.0.1', '-p', String(port), '-js', '-sd', join(dir, 'store')], { stdio: 'ignore' });
  }
  const exited = (child: ChildProcess): Promise<unknown> =>
    child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));
  const url = `nats://127.0.0.1:${port}`;
  const optionsFor = (user: string): ConnectionOptions => ({
    servers: url,
    user,
    pass: passwords.get(user) ?? '',
    inboxPrefix: inboxPrefixOf(user),
    reconnect: false,
  });
  await waitUntilAccepting(optionsFor(NATS_OPERATOR_USER));
  return {
    url,
    envFor: (user) => ({ NATS_URL: url, NATS_USER: user, NATS_PASSWORD_FILE: passwordFile(user) }),
    optionsFor,
    connect: (user = NATS_OPERATOR_USER) => connect(optionsFor(user)),
    async crash() {
      proc.kill('SIGKILL');
      await exited(proc);
    },
    async start() {
      proc = spawnServer();
      await waitUntilAccepting(optionsFor(NATS_OPERATOR_USER));
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        await exited(proc);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitUntilAccepting(options: ConnectionOptions): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      const nc = await connect(options);
      await nc.close();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`nats-server at ${String(options.servers)} did not start`);
}
