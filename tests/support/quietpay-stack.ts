import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keypair } from '@solana/web3.js';
import type { NatsAccess } from './nats-server.process';

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
 * Chain settings for tests that boot services without a chain (health, config, shutdown): valid
 * values that pass every config schema. Tests that run a localnet override them with its endpoints.
 */
export const PLACEHOLDER_CHAIN_ENV: Readonly<Record<string, string>> = {
  SOLANA_RPC_URL: 'http://127.0.0.1:1',
  COVALIDATOR_URL: 'http://127.0.0.1:1',
  PAYMENTS_API_URL: 'http://127.0.0.1:1',
  INCO_MINT: Keypair.generate().publicKey.toBase58(),
  USDC_MINT: Keypair.generate().publicKey.toBase58(),
  FACILITATOR_PUBKEY: TEST_FACILITATOR.publicKey.toBase58(),
};

let ledgerAuthorityKeyFile: string | undefined;
const PLACEHOLDER_TEE_PUBLIC_KEY =
  '0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8';

/** TEST_LEDGER_AUTHORITY as the stack's env builder takes it (the key file is written once per test process). */
export function testLedgerAuthority(): { readonly keyFile: string; readonly publicKey: string } {
  ledgerAuthorityKeyFile ??= writeTestKeypair(TEST_LEDGER_AUTHORITY, 'ledger-authority.json');
  return { keyFile: ledgerAuthorityKeyFile, publicKey: TEST_LEDGER_AUTHORITY.publicKey.toBase58() };
}

/**
 * The authority chain's wiring: session-ledger gets its key file, the signer the matching public key.
 */
function authorityEnv(name: StackService): Record<string, string> {
  if (name === 'session-ledger') return { LEDGER_AUTHORITY_KEY_FILE: testLedgerAuthority().keyFile };
  // TEE_PUBLIC_KEY: the secp256k1 generator, a valid placeholder; tests with a chain pass their localnet's.
  if (name === 'signer') return { LEDGER_AUTHORITY_PUBKEY: TEST_LEDGER_AUTHORITY.publicKey.toBase58(), TEE_PUBLIC_KEY: PLACEHOLDER_TEE_PUBLIC_KEY };
  return {};
}

/**
 * The environment a service needs in tests: ephemeral HTTP port, shared Redis, and the given
 * NATS as the service's own user (a bare URL only for tests that never reach a bus).
 */
export function serviceEnv(name: StackService, nats: NatsAccess | string, extra: Record<string, string> = {}): Record<string, string> {
  const base: Record<string, string> = {
    ...PLACEHOLDER_CHAIN_ENV,
    ...(typeof nats === 'string' ? { NATS_URL: nats } : nats.envFor(name)),
    REDIS_URL: 'redis://127.0.0.1:6379',
    LOG_LEVEL: 'info',
    INSTANCE_ID: `${name}-test-${process.pid}`,
    SHUTDOWN_GRACE_MS: '8000',
  };
  if (name === 'gateway') {
    base['PORT'] = '0';
    // Rate-limit counters of their own: parallel test files all call from 127.0.0.1.
    base['RATE_LIMIT_KEY_PREFIX'] = `qp-test-${process.pid}-${randomBytes(4).toString('hex')}:rl:`;
    // Tests open many sessions from one wallet and one address within seconds; the rate limits'
    // own tests (tests/gateway/rate-limits.test.ts, tests/e2e/facilitator-budget.test.ts) set theirs.
    base['RATE_LIMIT_SESSIONS_PER_IP'] = '1000';
    base['RATE_LIMIT_SESSIONS_PER_USER'] = '1000';
    // The admin API (on only with ADMIN_KEYS_FILE): a free port and an audit log of its own.
    base['ADMIN_PORT'] = '0';
    base['ADMIN_AUDIT_KEY'] = `qp-test-${process.pid}-${randomBytes(4).toString('hex')}:admin:audit`;
  } else base['HTTP_PORT'] = '0';
  return { ...base, ...authorityEnv(name), ...extra };
}
