#!/usr/bin/env node
// `npm run localnet | stack | demo`: installs what is missing, builds, starts the offline chain
// and the eight services as separate processes, and (demo) starts the two example APIs and runs
// the paying demo agent (session scheme, then private scheme).
// Ctrl-C stops everything cleanly. Node built-ins only: this runs before `npm ci`.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProcessGroup, parseLogLine, serviceStarted, waitForHttp } from './stack/processes.mjs';
import { deleteRunKeys } from './stack/run-keys.mjs';
import { randomBytes } from 'node:crypto';
import {
  ADMIN_PORT,
  GATEWAY_PORT,
  METRICS_SOURCES,
  SERVICES,
  fixedHealthPort,
  gatewayAdminEnv,
  redisNamespace,
  serviceEnv,
  serviceScript,
} from './stack/services.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const mode = process.argv[2] ?? 'stack';
const say = (msg) => process.stdout.write(`${msg}\n`);
const step = (msg) => process.stderr.write(`» ${msg}\n`);

function run(cmd, args) {
  execFileSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
}

function prepare() {
  const lock = join(ROOT, 'package-lock.json');
  const installed = join(ROOT, 'node_modules', '.package-lock.json');
  if (!existsSync(installed) || statSync(lock).mtimeMs > statSync(installed).mtimeMs) {
    step('installing dependencies (npm ci)');
    run('npm', ['ci', '--no-audit', '--no-fund']);
  }
  step('building (tsc -b)');
  run('npx', ['tsc', '-b', 'tsconfig.build.json']);
  step('building the web console (vite)');
  run('npx', ['vite', 'build', '--config', 'libs/console/vite.config.mts', '--logLevel', 'warn']);
}

async function startLocalnet(group) {
  step('starting localnet');
  const { line } = await group.waitForLine('localnet', join(ROOT, 'infra/localnet/dist/main.js'), 'localnet ready', {
    env: { LOCALNET_STATE_DIR: process.env.LOCALNET_STATE_DIR ?? join(ROOT, '.localnet') },
  });
  return JSON.parse(line.slice('localnet ready'.length).trim());
}

const RUN_ID = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
const NAMESPACE = redisNamespace(RUN_ID);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Deletes the run's Redis keys (they describe a chain that is gone once localnet stops). Runs
 * after prepare(), so the installed ioredis is there; a failure only leaves namespaced keys behind.
 */
async function dropRunKeys() {
  try {
    await deleteRunKeys(REDIS_URL, NAMESPACE);
  } catch (err) {
    step(`could not clear Redis keys ${NAMESPACE}:* (${err instanceof Error ? err.message : String(err)})`);
  }
}

/**
 * The run's own nats-server with authorization on, and its Redis ACL users (the
 * credentials live in .stack/run-<id>/secrets, 0600, removed on exit).
 */
async function startBus(group) {
  step("starting nats-server (authorization on) and the run's Redis users");
  const { startAuthorizedBus } = await import('./stack/bus.mjs');
  return startAuthorizedBus(group, { stateDir: join(ROOT, '.stack', `run-${RUN_ID}`), runId: RUN_ID, redisNamespace: NAMESPACE, redisUrl: REDIS_URL });
}

/**
 * Starts the services, the gateway last: its admin metrics summary is told where the others'
 * /metrics are (with STACK_EPHEMERAL_PORTS, the ports they logged). Resolves with the gateway's
 * health and the admin port it bound.
 */
async function startServices(group, localnet, bus) {
  step(`starting ${SERVICES.length} services (Redis keys under ${NAMESPACE}:)`);
  const ports = {};
  for (const name of SERVICES.filter((n) => n !== 'gateway')) {
    const entry = group.start(name, serviceScript(ROOT, name), { env: serviceEnv(name, localnet, { namespace: NAMESPACE, bus }) });
    // undefined when the service dies first (the health wait below names it).
    ports[name] = fixedHealthPort(name) ?? serviceStarted(entry, { timeoutMs: 90_000 }).catch(() => undefined);
  }
  const metricsPorts = Object.fromEntries(await Promise.all(METRICS_SOURCES.map(async (name) => [name, await ports[name]])));
  const gatewayEnv = {
    ...serviceEnv('gateway', localnet, { namespace: NAMESPACE, bus }),
    ...gatewayAdminEnv(ROOT, (name) => metricsPorts[name]),
    ...bus.adminEnv(),
  };
  const gateway = group.start('gateway', serviceScript(ROOT, 'gateway'), { env: gatewayEnv });
  // The fixed port needs no log line (LOG_LEVEL=warn prints none); an ephemeral one is only in the log.
  const adminPort =
    process.env.STACK_EPHEMERAL_PORTS === '1'
      ? gateway
          .waitForLine((line) => parseLogLine(line)?.msg === 'admin API listening' && parseLogLine(line).adminPort, {
            timeoutMs: 90_000,
            description: 'the admin API',
          })
          .catch(() => undefined)
      : ADMIN_PORT;
  const health = await waitForHttp(
    `http://127.0.0.1:${GATEWAY_PORT}/health`,
    (res, body) => {
      const dead = group.anyExited();
      if (dead) throw new Error(`${dead.name} exited (${dead.code}); see .stack/logs/${dead.name}.log`);
      return res.status === 200 && body !== null;
    },
    90_000,
  );
  return { health, adminPort: await adminPort };
}

async function main() {
  if (!['localnet', 'stack', 'demo'].includes(mode)) {
    console.error(`usage: node scripts/run.mjs localnet|stack|demo`);
    process.exit(2);
  }
  // QUIETPAY_SKIP_PREPARE=1: the caller built what runs (tests do, and must never trigger npm ci).
  if (process.env.QUIETPAY_SKIP_PREPARE !== '1') {
    try {
      prepare();
    } catch {
      // The compiler or npm already printed why; a stack trace of execFileSync adds nothing.
      console.error('✗ install/build failed (see above); nothing was started');
      process.exit(1);
    }
  }
  if (mode !== 'localnet') run('bash', ['scripts/ensure-infra.sh']);
  const group = new ProcessGroup(join(ROOT, '.stack', 'logs'));
  // The demo's paid API and agent: stopped before the services they talk to.
  const demoGroup = new ProcessGroup(join(ROOT, '.stack', 'logs'));
  let stopping = false;
  let bus;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    step('stopping');
    await demoGroup.stopAll();
    await group.stopAll();
    if (mode !== 'localnet') await dropRunKeys();
    // The run's nats-server is stopped with the group; its JetStream store (this run's events)
    // goes with the run's directory.
    await bus?.close().catch((err) => step(`could not remove the run's Redis users (${err instanceof Error ? err.message : String(err)})`));
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  try {
    const localnet = await startLocalnet(group);
    if (mode === 'localnet') {
      say(`localnet ready ${JSON.stringify(localnet)}`);
      return;
    }
    bus = await startBus(group);
    const { health, adminPort } = await startServices(group, localnet, bus);
    if (mode === 'stack') {
      // The console's key lives in the run's secrets (removed on exit): the operator pastes it, or gives it to the CLI.
      const admin = { url: `http://127.0.0.1:${adminPort}`, console: `http://127.0.0.1:${adminPort}/console/`, keyFile: bus.adminKeyFile };
      step(
        `console: ${admin.console} (admin key in ${admin.keyFile}; CLI: QUIETPAY_ADMIN_URL=${admin.url} QUIETPAY_ADMIN_KEY_FILE=${admin.keyFile} npx quietpay sessions list)`,
      );
      say(
        `stack ready ${JSON.stringify({ gateway: `http://127.0.0.1:${GATEWAY_PORT}`, admin, nats: bus.natsUrl, localnet: localnet.endpoints, services: health.services ?? health })}`,
      );
      return;
    }
    const { runDemo } = await import('./stack/demo.mjs');
    const code = await runDemo({ root: ROOT, localnet, health, gatewayUrl: `http://127.0.0.1:${GATEWAY_PORT}`, namespace: NAMESPACE, say, group: demoGroup });
    await stop(code);
  } catch (err) {
    console.error(`✗ ${err instanceof Error ? err.message : String(err)}`);
    await stop(1);
  }
}

void main();
