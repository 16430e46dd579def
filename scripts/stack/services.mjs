// The eight services and the environment each gets on a localnet: one builder for `npm run stack`,
// bench and tests/support. Everything chain-specific comes from the localnet's facts; nothing is a
// literal here except local ports. Types for the TypeScript tests: services.d.mts.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ledgerAuthority } from './ledger-authority.mjs';

export const SERVICES = ['session-ledger', 'tx-builder', 'signer', 'submitter', 'crank-keeper', 'chain-poller', 'decrypt-proxy', 'gateway'];

const HEALTH_PORTS = {
  'session-ledger': 4032,
  'tx-builder': 4033,
  signer: 4034,
  submitter: 4035,
  'crank-keeper': 4036,
  'chain-poller': 4037,
  'decrypt-proxy': 4038,
};

export const GATEWAY_PORT = Number(process.env.GATEWAY_PORT ?? 4021);
// The admin API and console (loopback only: the stack is a developer's machine).
export const ADMIN_PORT = Number(process.env.ADMIN_PORT ?? 4031);

// The services whose /metrics feed the admin metrics summary (the console's overview charts).
export const METRICS_SOURCES = ['submitter', 'chain-poller', 'crank-keeper', 'session-ledger'];

export function serviceScript(root, name) {
  return join(root, 'services', name, 'dist', 'main.js');
}

// Every Redis key a service writes, per service, under the run's namespace: the run's Redis ACL
// users may touch nothing else, so a new key family without its prefix here is refused (NOPERM).
// The localnet starts a fresh chain each run, so sessions, BullMQ jobs and per-source locks left in Redis by an earlier
// run (one stopped mid-settlement, say) name transactions and sessions that no longer exist; with
// the default prefixes a stale job held the agent's source lock and the next demo's first call
// timed out as settlement_pending.
const REDIS_PREFIX_VARS = {
  'session-ledger': (ns) => ({ LEDGER_KEY_PREFIX: `${ns}:` }),
  submitter: (ns) => ({ SUBMITTER_KEY_PREFIX: `${ns}:submitter`, BULLMQ_PREFIX: `${ns}:{bull}` }),
  'decrypt-proxy': (ns) => ({ DECRYPT_KEY_PREFIX: `${ns}:decrypt` }),
  'chain-poller': (ns) => ({ REDIS_KEY_PREFIX: `${ns}:chain-poller` }),
  'crank-keeper': (ns) => ({ REDIS_KEY_PREFIX: `${ns}:crank-keeper` }),
  gateway: (ns) => ({ PRIVATE_CLAIM_KEY_PREFIX: `${ns}:gateway`, RATE_LIMIT_KEY_PREFIX: `${ns}:gateway:rl:`, ADMIN_AUDIT_KEY: `${ns}:gateway:admin:audit` }),
};

// The private (px402) scheme's chain facts, for the three services that read them. The schemas
// default the program ids and validator to devnet's and the cluster name to `localnet`; the
// localnet reports its own, so a localnet that ever moves them still matches. Without the
// MagicBlock module there is no payments API, and the gateway keeps the scheme off.
const MAGICBLOCK_SERVICES = new Set(['gateway', 'chain-poller', 'crank-keeper']);

function magicBlockEnv(name, localnet, privateScheme) {
  const mb = localnet.modules?.magicblock;
  if (!MAGICBLOCK_SERVICES.has(name) || mb === undefined || !localnet.endpoints.payments || !localnet.mints?.usdc) return {};
  const env = { SOLANA_CLUSTER: 'localnet' };
  if (mb.validator) env.MAGICBLOCK_VALIDATOR = mb.validator;
  if (mb.privatePaymentsProgramId) env.EPHEMERAL_SPL_PROGRAM_ID = mb.privatePaymentsProgramId;
  if (name === 'gateway') {
    if (privateScheme) env.PRIVATE_SCHEME_ENABLED = 'true';
    if (mb.transferQueue) env.PRIVATE_TRANSFER_QUEUE = mb.transferQueue;
  } else if (mb.delegationProgramId) {
    env.DELEGATION_PROGRAM_ID = mb.delegationProgramId;
  }
  return env;
}

/**
 * The gateway's admin API and web console, beside its credentials (bus.adminEnv()): the console
 * when it was built (libs/console/dist), and the metrics of METRICS_SOURCES at `portOf(name)`
 * (each service's health port; the stack reads the ports the OS chose from the services' logs).
 */
export function gatewayAdminEnv(root, portOf) {
  const env = { ADMIN_PORT: String(process.env.STACK_EPHEMERAL_PORTS === '1' ? 0 : ADMIN_PORT), ADMIN_HOST: '127.0.0.1' };
  const consoleDir = join(root, 'libs', 'console', 'dist');
  if (existsSync(join(consoleDir, 'index.html'))) env.ADMIN_CONSOLE_DIR = consoleDir;
  const sources = METRICS_SOURCES.filter((name) => portOf(name) !== undefined);
  if (sources.length > 0) env.ADMIN_METRICS_SOURCES = sources.map((name) => `${name}=http://127.0.0.1:${portOf(name)}/metrics`).join(',');
  return env;
}

/** A service's fixed health/metrics port, or undefined when the OS picks it (STACK_EPHEMERAL_PORTS). */
export function fixedHealthPort(name) {
  return process.env.STACK_EPHEMERAL_PORTS === '1' ? undefined : HEALTH_PORTS[name];
}

/** The Redis namespace of one stack run (every key of the run starts with it). */
export function redisNamespace(runId) {
  return `qp:run-${runId}`;
}

/**
 * The Redis key prefixes of one service under a run's `namespace` (every key of the run starts with
 * `${namespace}:`, which is what the run's Redis ACL users may touch).
 */
export function redisKeyPrefixes(name, namespace) {
  return REDIS_PREFIX_VARS[name]?.(namespace) ?? {};
}

/**
 * The one service-environment builder (npm run stack/demo, bench, tests/support): the environment of
 * service `name` on a localnet, from its facts (the `localnet ready` line or an in-process
 * RunningLocalnet: endpoints, mints, modules, wallets). Nothing chain-specific is a literal here.
 *
 * Options (all optional):
 * - `bus`: the run's NATS access, `{ envFor(name) }` (bus.mjs startAuthorizedBus, the tests' nats-server):
 *   NATS_URL and the service's own bus user and credential files. Without it the caller adds them.
 * - `namespace`: Redis keys under `${namespace}:` (redisKeyPrefixes); without it the schemas' defaults apply.
 * - `namespaced`: the services whose keys go under `namespace` (default: every one). Tests that boot a
 *   service alone name only the gateway: its rate-limit counters and admin audit log are the keys parallel
 *   test files would share (they all call from 127.0.0.1); the others keep the schemas' defaults.
 * - `ports`: 'ephemeral' puts every service on port 0, the gateway's admin API too (bench, tests); by default
 *   the stack's: the gateway on GATEWAY_PORT, the health ports fixed unless STACK_EPHEMERAL_PORTS=1 (a second
 *   stack on one machine).
 * - `placeholder`: `localnet` holds placeholder facts and no chain runs (tests that boot services alone). The
 *   Inco TEE key then reaches only the signer, whose config requires one: a gateway would advertise it to
 *   clients as the key to encrypt for, and no covalidator holds it.
 * - `ledgerAuthority`: `{ keyFile, publicKey }` of the ledger's authority key (default: this process's, ledger-authority.mjs).
 * - `registeredRecipients`: session-ledger's REGISTERED_RECIPIENTS (default: $REGISTERED_RECIPIENTS or the localnet
 *   merchant); `[]` registers none.
 * - `privateScheme`: offer the private scheme in the gateway (default: when the localnet runs MagicBlock).
 * - `redisUrl`: default $REDIS_URL or the local Redis.
 *
 * @example serviceEnv('gateway', localnet, { namespace: redisNamespace(runId), ports: 'ephemeral', bus })
 */
export function serviceEnv(name, localnet, options = {}) {
  const { namespace, privateScheme = true } = options;
  const ownKeys = namespace !== undefined && (options.namespaced === undefined || options.namespaced.includes(name));
  const common = {
    REDIS_URL: options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    QUIETPAY_PROFILE: 'localnet',
    SOLANA_RPC_URL: localnet.endpoints.rpc,
  };
  if (localnet.endpoints.ws) common.SOLANA_WS_URL = localnet.endpoints.ws;
  if (localnet.endpoints.covalidator) common.COVALIDATOR_URL = localnet.endpoints.covalidator;
  if (localnet.endpoints.payments) common.PAYMENTS_API_URL = localnet.endpoints.payments;
  if (localnet.mints?.inco) common.INCO_MINT = localnet.mints.inco;
  if (localnet.mints?.usdc) common.USDC_MINT = localnet.mints.usdc;
  // The Inco module's facts: without TEE_PUBLIC_KEY the gateway's /supported advertises no
  // encryption key and the SDK cannot encrypt a session cap; the program ids and decimals must be
  // the ones the localnet runs, not the schemas' devnet defaults; the attestation key is pinned
  // so decrypt-proxy never trusts a key it fetched.
  const inco = localnet.modules?.inco ?? {};
  if (inco.teePublicKey && (options.placeholder !== true || name === 'signer')) common.TEE_PUBLIC_KEY = inco.teePublicKey;
  if (inco.attestationPublicKey) common.ATTESTATION_PUBLIC_KEY = inco.attestationPublicKey;
  if (inco.incoTokenProgramId) common.INCO_TOKEN_PROGRAM_ID = inco.incoTokenProgramId;
  if (inco.incoLightningProgramId) common.INCO_LIGHTNING_PROGRAM_ID = inco.incoLightningProgramId;
  if (inco.incoMintDecimals !== undefined) common.INCO_DECIMALS = String(inco.incoMintDecimals);
  const env = { ...common, ...(ownKeys ? redisKeyPrefixes(name, namespace) : {}), ...magicBlockEnv(name, localnet, privateScheme) };
  if (name === 'gateway') {
    env.PORT = options.ports === 'ephemeral' ? '0' : String(GATEWAY_PORT);
    // The admin API listens only with ADMIN_KEYS_FILE; the stack's own port is gatewayAdminEnv's.
    if (options.ports === 'ephemeral') env.ADMIN_PORT = '0';
  } else env.HTTP_PORT = options.ports === 'ephemeral' || process.env.STACK_EPHEMERAL_PORTS === '1' ? '0' : String(HEALTH_PORTS[name]);
  const facilitator = localnet.wallets?.facilitator;
  if (name === 'signer' && facilitator?.keypairPath) env.FACILITATOR_KEYPAIR_PATH = facilitator.keypairPath;
  // The authority chain: the ledger signs charge authorizations, the signer verifies them.
  const authority = options.ledgerAuthority ?? (name === 'session-ledger' || name === 'signer' ? ledgerAuthority() : undefined);
  if (name === 'session-ledger') env.LEDGER_AUTHORITY_KEY_FILE = authority.keyFile;
  if (name === 'signer') env.LEDGER_AUTHORITY_PUBKEY = authority.publicKey;
  // The demo's merchant is a registered recipient: the facilitator would pay its token-account rent
  // (the localnet already created that account, so it pays none). Any other recipient's account is
  // created by the user's approve. An operator's own list replaces it.
  if (name === 'session-ledger') {
    const registered = options.registeredRecipients?.join(',') ?? process.env.REGISTERED_RECIPIENTS ?? localnet.wallets?.merchant?.publicKey;
    if (registered) env.REGISTERED_RECIPIENTS = registered;
  }
  if (facilitator?.publicKey) env.FACILITATOR_PUBKEY = facilitator.publicKey;
  return { ...env, ...options.bus?.envFor(name) };
}
