import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keypair } from '@solana/web3.js';
import type { NatsAccess } from './nats-server.process';
import { stackServiceEnv, type LocalnetFacts } from './stack-scripts';

export const ALL_SERVICES = ['gateway', 'session-ledger', 'tx-builder', 'signer', 'submitter', 'crank-keeper', 'chain-poller', 'decrypt-proxy'] as const;

export type StackService = (typeof ALL_SERVICES)[number];

/** The throwaway facilitator key of this test process (a real ed25519 keypair). */
export const TEST_FACILITATOR = Keypair.generate();

/** The throwaway session-ledger authority key of this test process (signs charge authorizations). */
export const TEST_LEDGER_AUTHORITY = Keypair.generate();

/** The facilitator keypair file in the Solana CLI format (JSON array of 64 bytes). */
export function writeTestKeypair(keypair: Keypair = TEST_FACILITATOR, name = 'facilitator.json'): string {
  const path = join(mkdtempSync(join(tmpdir(), 'qp-key-')), name);
  writeFileSync(path, JSON.stringify([...keypair.secretKey]), { mode: 0o600 });
  return path;
}

/**
 * Chain facts for tests that boot services without a chain (health, config, shutdown): valid values
 * that pass every config schema; nothing listens at the endpoints. The TEE key is the secp256k1
 * generator (the builder gives it to the signer only). Tests that run a localnet pass its facts or
 * their own variables instead.
 */
export const PLACEHOLDER_LOCALNET: LocalnetFacts = {
  endpoints: { rpc: 'http://127.0.0.1:1', covalidator: 'http://127.0.0.1:1', payments: 'http://127.0.0.1:1' },
  mints: { inco: Keypair.generate().publicKey.toBase58(), usdc: Keypair.generate().publicKey.toBase58() },
  modules: {
    inco: {
      teePublicKey: '0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8',
    },
  },
  wallets: { facilitator: { publicKey: TEST_FACILITATOR.publicKey.toBase58() } },
};

const LOCAL_REDIS = 'redis://127.0.0.1:6379';

let ledgerAuthorityKeyFile: string | undefined;

/** TEST_LEDGER_AUTHORITY as the stack's env builder takes it (the key file is written once per test process). */
export function testLedgerAuthority(): { readonly keyFile: string; readonly publicKey: string } {
  ledgerAuthorityKeyFile ??= writeTestKeypair(TEST_LEDGER_AUTHORITY, 'ledger-authority.json');
  return { keyFile: ledgerAuthorityKeyFile, publicKey: TEST_LEDGER_AUTHORITY.publicKey.toBase58() };
}

/**
 * What every test's service gets beyond the builder's: an instance id,
 * a shutdown grace a test can wait out, and session rate limits tests do not hit: they open many
 * sessions from one wallet and one address within seconds (the rate limits' own tests,
 * tests/gateway/rate-limits.test.ts and tests/e2e/facilitator-budget.test.ts, set theirs).
 */
function testServiceValues(name: StackService): Record<string, string> {
  return {
    INSTANCE_ID: `${name}-test-${process.pid}`,
    SHUTDOWN_GRACE_MS: '8000',
    ...(name === 'gateway' ? { RATE_LIMIT_SESSIONS_PER_IP: '1000', RATE_LIMIT_SESSIONS_PER_USER: '1000' } : {}),
  };
}

/**
 * The environment a service needs in tests that boot it without a stack: the one builder
 * (scripts/stack/services.mjs) on PLACEHOLDER_LOCALNET with ephemeral ports, the shared Redis, the
 * test authority key, and the given NATS as the service's own user (a bare URL only for tests that
 * never reach a bus); then testServiceValues and `extra`. The gateway's rate-limit counters and
 * audit log are its own (parallel test files all call from 127.0.0.1); every other key keeps the
 * schemas' default prefix.
 */
export function serviceEnv(name: StackService, nats: NatsAccess | string, extra: Record<string, string> = {}): Record<string, string> {
  const env = stackServiceEnv(name, PLACEHOLDER_LOCALNET, {
    placeholder: true,
    bus: typeof nats === 'string' ? { envFor: () => ({ NATS_URL: nats }) } : nats,
    ports: 'ephemeral',
    redisUrl: LOCAL_REDIS,
    ledgerAuthority: testLedgerAuthority(),
    registeredRecipients: [],
    namespace: `qp-test-${process.pid}-${randomBytes(4).toString('hex')}`,
    namespaced: ['gateway'],
  });
  // info whatever the runner's LOG_LEVEL: tests wait for the services' info lines.
  return { ...env, LOG_LEVEL: 'info', ...testServiceValues(name), ...extra };
}

/**
 * A service's environment in startSessionStack: the one builder on the stack's localnet with each
 * service's own bus user, the run's key namespace, ephemeral ports, the test authority key and the
 * registered recipients, the private scheme off (the session-scheme stack; tests/private runs its
 * own); then testServiceValues.
 */
export function testStackEnv(
  name: StackService,
  localnet: LocalnetFacts,
  stack: { readonly bus: NatsAccess; readonly namespace: string; readonly redisUrl: string; readonly registeredRecipients: readonly string[] },
): Record<string, string> {
  const env = stackServiceEnv(name, localnet, { ...stack, ports: 'ephemeral', ledgerAuthority: testLedgerAuthority(), privateScheme: false });
  return { ...env, ...testServiceValues(name) };
}
