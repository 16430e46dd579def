#!/usr/bin/env node
// `npm run localnet | stack | demo`: installs what is missing, builds, starts the offline chain
// and the eight services as separate processes, and (demo) runs the paying demo agent.
// Ctrl-C stops everything cleanly. Node built-ins only: this runs before `npm ci`.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProcessGroup, waitForHttp } from './stack/processes.mjs';
import { GATEWAY_PORT, SERVICES, serviceEnv, serviceScript } from './stack/services.mjs';

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
}

async function startLocalnet(group) {
  step('starting localnet');
  const { line } = await group.waitForLine('localnet', join(ROOT, 'infra/localnet/dist/main.js'), 'localnet ready', {
    env: { LOCALNET_STATE_DIR: join(ROOT, '.localnet') },
  });
  return JSON.parse(line.slice('localnet ready'.length).trim());
}

async function startServices(group, localnet) {
  step(`starting ${SERVICES.length} services`);
  for (const name of SERVICES) {
    group.start(name, serviceScript(ROOT, name), { env: serviceEnv(name, localnet) });
  }
  return waitForHttp(
    `http://127.0.0.1:${GATEWAY_PORT}/health`,
    (res, body) => {
      const dead = group.anyExited();
      if (dead) throw new Error(`${dead.name} exited (${dead.code}); see .stack/logs/${dead.name}.log`);
      return res.status === 200 && body !== null;
    },
    90_000,
  );
}

async function main() {
  if (!['localnet', 'stack', 'demo'].includes(mode)) {
    console.error(`usage: node scripts/run.mjs localnet|stack|demo`);
    process.exit(2);
  }
  prepare();
  if (mode !== 'localnet') run('bash', ['scripts/ensure-infra.sh']);
  const group = new ProcessGroup(join(ROOT, '.stack', 'logs'));
  // The demo's paid API and agent: stopped before the services they talk to.
  const demoGroup = new ProcessGroup(join(ROOT, '.stack', 'logs'));
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    step('stopping');
    await demoGroup.stopAll();
    await group.stopAll();
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
    const health = await startServices(group, localnet);
    if (mode === 'stack') {
      say(`stack ready ${JSON.stringify({ gateway: `http://127.0.0.1:${GATEWAY_PORT}`, localnet: localnet.endpoints, services: health.services ?? health })}`);
      return;
    }
    const { runDemo } = await import('./stack/demo.mjs');
    const code = await runDemo({ root: ROOT, localnet, health, gatewayUrl: `http://127.0.0.1:${GATEWAY_PORT}`, say, group: demoGroup });
    await stop(code);
  } catch (err) {
    console.error(`✗ ${err instanceof Error ? err.message : String(err)}`);
    await stop(1);
  }
}

void main();
