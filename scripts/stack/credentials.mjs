#!/usr/bin/env node
// The one generator of bus and store credentials: a password file per service for NATS and for
// Redis (kept when it exists, so a deployment's secrets survive a re-run), the nats-server
// `authorization` block with each service's subject permissions (from BUS_ROLES in
// libs/contracts, rendered by libs/platform), and a Redis ACL file (default user off, one user
// per service, passwords stored hashed). Passwords never leave these 0600 files.
//   node scripts/stack/credentials.mjs docker/secrets     (docker compose; run `npm run build` first)
// `npm run stack` and bench call writeCredentials() with a fresh directory per run.
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deploymentRedisKeys } from './redis-key-scopes.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

function ensurePassword(path, mode) {
  if (!existsSync(path)) writeFileSync(path, randomBytes(24).toString('base64url'), { mode });
  return readFileSync(path, 'utf8').trim();
}

/**
 * The admin API's key: `admin-key.ops` holds the key itself (0600 always: only the operator's
 * browser or CLI reads it), `admin-keys` (the gateway's ADMIN_KEYS_FILE) only its SHA-256, so
 * the gateway's secret alone cannot sign in. Both kept when they exist.
 */
function ensureAdminKey(dir, mode) {
  const keyFile = join(dir, 'admin-key.ops');
  const keysFile = join(dir, 'admin-keys');
  const key = ensurePassword(keyFile, 0o600);
  if (!existsSync(keysFile)) {
    const digest = createHash('sha256').update(key).digest('hex');
    writeFileSync(keysFile, `# admin API keys (id sha256:<digest>); the key of "ops" is in admin-key.ops\nops sha256:${digest}\n`, { mode });
  }
  return { keyFile, keysFile };
}

/**
 * Writes (or completes) the credentials of every service under `dir` and returns how a process
 * uses them. `redisUser(service)` names the Redis ACL users (a shared Redis needs names unique
 * to the run); `redisKeyPatterns` the keys they may touch: one list for every user, or a function
 * of the service.
 */
export async function writeCredentials(dir, { redisUser = (s) => s, redisKeyPatterns = deploymentRedisKeys, extraRedisUsers = [], fileMode = 0o600 } = {}) {
  const platform = await import(pathToFileURL(join(ROOT, 'libs/platform/dist/index.js')).href);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const services = [...platform.NATS_SERVICE_USERS];
  const natsPasswordFile = (user) => join(dir, `nats-${user}.password`);
  const redisPasswordFile = (service) => join(dir, `redis-${service}.password`);
  // NATS_ADMIN_USER: the gateway's admin API connects as its own user for the operator-only
  // recipient registry commands (ADMIN_NATS_USER), never with the gateway's service user.
  const nats = new Map([...services, platform.NATS_ADMIN_USER, platform.NATS_OPERATOR_USER].map((u) => [u, ensurePassword(natsPasswordFile(u), fileMode)]));
  const natsConfig = join(dir, 'nats.conf');
  writeFileSync(natsConfig, platform.renderNatsAuthorization(platform.natsUsers((u) => nats.get(u))), { mode: fileMode });
  const redisUsers = [...services, ...extraRedisUsers].map((s) => ({
    user: redisUser(s),
    password: ensurePassword(redisPasswordFile(s), fileMode),
    keyPatterns: typeof redisKeyPatterns === 'function' ? redisKeyPatterns(s) : redisKeyPatterns,
  }));
  const redisAcl = join(dir, 'redis-users.acl');
  writeFileSync(redisAcl, platform.renderRedisAclFile(redisUsers), { mode: fileMode });
  const admin = ensureAdminKey(dir, fileMode);
  return {
    dir,
    /** The admin API's key file (plain, for the operator) and ADMIN_KEYS_FILE (digest only, for the gateway). */
    adminKeyFile: admin.keyFile,
    adminKeysFile: admin.keysFile,
    /** The gateway's admin API variables that name credentials. */
    adminEnv: () => ({
      ADMIN_KEYS_FILE: admin.keysFile,
      ADMIN_NATS_USER: platform.NATS_ADMIN_USER,
      ADMIN_NATS_PASSWORD_FILE: natsPasswordFile(platform.NATS_ADMIN_USER),
    }),
    natsConfig,
    redisAcl,
    redisUsers,
    natsOperator: { user: platform.NATS_OPERATOR_USER, pass: nats.get(platform.NATS_OPERATOR_USER) },
    /** The variables a service reads its credentials from (libs/platform commonConfigSchema). */
    envFor: (service) => ({
      NATS_USER: service,
      NATS_PASSWORD_FILE: natsPasswordFile(service),
      REDIS_USERNAME: redisUser(service),
      REDIS_PASSWORD_FILE: redisPasswordFile(service),
    }),
    /** `ACL SETUSER` argument lists, for a Redis that is already running. */
    redisSetUserCommands: () => redisUsers.map((u) => [u.user, ...platform.redisAclRules(u)]),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/stack/credentials.mjs <dir>');
    process.exit(2);
  }
  // Compose bind-mounts each secret file with its host mode, and the containers run as other
  // users (quietpay as 1000, redis as 999): the files are world-readable, the directory is not.
  // A deployment keeps the services' default key prefixes: each Redis user gets only its own.
  const written = await writeCredentials(resolve(dir), { extraRedisUsers: ['private-api'], redisKeyPatterns: deploymentRedisKeys, fileMode: 0o644 });
  console.log(
    `credentials in ${written.dir}: nats.conf, redis-users.acl, nats-<user>.password, redis-<service>.password, admin-keys (digest) and admin-key.ops (the console's key)`,
  );
}
