import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ALL_SERVICES, PLACEHOLDER_LOCALNET, serviceEnv, type StackService, TEST_FACILITATOR, testLedgerAuthority, testStackEnv } from './quietpay-stack';
import type { NatsAccess } from './nats-server.process';
import { GATEWAY_PORT, stackServiceEnv, type LocalnetFacts } from './stack-scripts';

// Pins the one service-environment builder (scripts/stack/services.mjs serviceEnv) as `npm run
// demo` calls it and as the test stacks call it (tests/support/quietpay-stack.ts), on the same
// localnet facts: a variable added to one and not the other, or a test-only layer growing back,
// fails here.

// A `localnet ready` line's facts, every field the builder reads.
const FACTS: LocalnetFacts = {
  endpoints: { rpc: 'http://127.0.0.1:8899', ws: 'ws://127.0.0.1:8900', covalidator: 'http://127.0.0.1:8080', payments: 'http://127.0.0.1:8081' },
  mints: { inco: 'IncoMint1111', usdc: 'UsdcMint1111' },
  modules: {
    inco: {
      teePublicKey: '04tee',
      attestationPublicKey: '04att',
      incoTokenProgramId: 'IncoToken111',
      incoLightningProgramId: 'IncoLight111',
      incoMintDecimals: 6,
    },
    magicblock: { validator: 'Validator111', privatePaymentsProgramId: 'EphemeralSpl111', transferQueue: 'Queue111', delegationProgramId: 'Delegation111' },
  },
  wallets: { facilitator: { publicKey: 'Facilitator111', keypairPath: '/keys/facilitator.json' }, merchant: { publicKey: 'Merchant111' } },
};

const NAMESPACE = 'qp:run-pinned';
const bus: NatsAccess = {
  url: 'nats://127.0.0.1:4222',
  envFor: (name) => ({ NATS_URL: 'nats://127.0.0.1:4222', NATS_USER: name, NATS_PASSWORD_FILE: `/secrets/${name}` }),
};

// What every service of the demo gets (LOG_LEVEL and REDIS_URL are the runner's defaults, stubbed below).
const COMMON = {
  REDIS_URL: 'redis://127.0.0.1:6379',
  LOG_LEVEL: 'info',
  QUIETPAY_PROFILE: 'localnet',
  SOLANA_RPC_URL: 'http://127.0.0.1:8899',
  SOLANA_WS_URL: 'ws://127.0.0.1:8900',
  COVALIDATOR_URL: 'http://127.0.0.1:8080',
  PAYMENTS_API_URL: 'http://127.0.0.1:8081',
  INCO_MINT: 'IncoMint1111',
  USDC_MINT: 'UsdcMint1111',
  TEE_PUBLIC_KEY: '04tee',
  ATTESTATION_PUBLIC_KEY: '04att',
  INCO_TOKEN_PROGRAM_ID: 'IncoToken111',
  INCO_LIGHTNING_PROGRAM_ID: 'IncoLight111',
  INCO_DECIMALS: '6',
  FACILITATOR_PUBKEY: 'Facilitator111',
};
const MAGICBLOCK = { SOLANA_CLUSTER: 'localnet', MAGICBLOCK_VALIDATOR: 'Validator111', EPHEMERAL_SPL_PROGRAM_ID: 'EphemeralSpl111' };

/** Each service's own variables in the demo (fixed health ports; its bus user last). */
function demoOwn(name: StackService, authority: { keyFile: string; publicKey: string }): Record<string, string> {
  const own: Record<StackService, Record<string, string>> = {
    gateway: {
      PRIVATE_CLAIM_KEY_PREFIX: `${NAMESPACE}:gateway`,
      RATE_LIMIT_KEY_PREFIX: `${NAMESPACE}:gateway:rl:`,
      ADMIN_AUDIT_KEY: `${NAMESPACE}:gateway:admin:audit`,
      ...MAGICBLOCK,
      PRIVATE_SCHEME_ENABLED: 'true',
      PRIVATE_TRANSFER_QUEUE: 'Queue111',
      PORT: String(GATEWAY_PORT),
    },
    'session-ledger': {
      LEDGER_KEY_PREFIX: `${NAMESPACE}:`,
      HTTP_PORT: '4032',
      LEDGER_AUTHORITY_KEY_FILE: authority.keyFile,
      REGISTERED_RECIPIENTS: 'Merchant111',
    },
    'tx-builder': { HTTP_PORT: '4033' },
    signer: { HTTP_PORT: '4034', FACILITATOR_KEYPAIR_PATH: '/keys/facilitator.json', LEDGER_AUTHORITY_PUBKEY: authority.publicKey },
    submitter: { SUBMITTER_KEY_PREFIX: `${NAMESPACE}:submitter`, BULLMQ_PREFIX: `${NAMESPACE}:{bull}`, HTTP_PORT: '4035' },
    'crank-keeper': { REDIS_KEY_PREFIX: `${NAMESPACE}:crank-keeper`, ...MAGICBLOCK, DELEGATION_PROGRAM_ID: 'Delegation111', HTTP_PORT: '4036' },
    'chain-poller': { REDIS_KEY_PREFIX: `${NAMESPACE}:chain-poller`, ...MAGICBLOCK, DELEGATION_PROGRAM_ID: 'Delegation111', HTTP_PORT: '4037' },
    'decrypt-proxy': { DECRYPT_KEY_PREFIX: `${NAMESPACE}:decrypt`, HTTP_PORT: '4038' },
  };
  return { ...own[name], ...bus.envFor(name) };
}

beforeEach(() => {
  // The builder's process defaults: what a runner with none of them set gets.
  for (const name of ['LOG_LEVEL', 'REDIS_URL', 'REGISTERED_RECIPIENTS', 'STACK_EPHEMERAL_PORTS']) vi.stubEnv(name, undefined);
});
afterEach(() => vi.unstubAllEnvs());

describe('the one service-environment builder', () => {
  const authority = testLedgerAuthority();

  it.each(ALL_SERVICES)('gives %s of the demo stack its pinned environment', (name) => {
    // scripts/run.mjs startServices (the gateway's admin variables are gatewayAdminEnv's, added on top).
    const demo = stackServiceEnv(name, FACTS, { namespace: NAMESPACE, bus, ledgerAuthority: authority });
    expect(demo).toEqual({ ...COMMON, ...demoOwn(name, authority) });
  });

  it.each(ALL_SERVICES)('gives %s of a test stack the demo environment but for ports, the private scheme and the test values', (name) => {
    const demo = stackServiceEnv(name, FACTS, { namespace: NAMESPACE, bus, ledgerAuthority: authority });
    const { PRIVATE_SCHEME_ENABLED: _off, ...demoWithoutPrivate } = demo;
    const testValues = { INSTANCE_ID: `${name}-test-${process.pid}`, SHUTDOWN_GRACE_MS: '8000' };
    const ports =
      name === 'gateway' ? { PORT: '0', ADMIN_PORT: '0', RATE_LIMIT_SESSIONS_PER_IP: '1000', RATE_LIMIT_SESSIONS_PER_USER: '1000' } : { HTTP_PORT: '0' };
    const stack = testStackEnv(name, FACTS, { bus, namespace: NAMESPACE, redisUrl: 'redis://127.0.0.1:6379', registeredRecipients: ['Merchant111'] });
    expect(stack).toEqual({ ...demoWithoutPrivate, ...ports, ...testValues });
  });

  it.each(ALL_SERVICES)('gives %s booted alone the placeholder chain, its own bus user and the test values', (name) => {
    const env = serviceEnv(name, bus);
    const placeholder = {
      REDIS_URL: 'redis://127.0.0.1:6379',
      LOG_LEVEL: 'info',
      QUIETPAY_PROFILE: 'localnet',
      SOLANA_RPC_URL: 'http://127.0.0.1:1',
      COVALIDATOR_URL: 'http://127.0.0.1:1',
      PAYMENTS_API_URL: 'http://127.0.0.1:1',
      INCO_MINT: PLACEHOLDER_LOCALNET.mints?.inco,
      USDC_MINT: PLACEHOLDER_LOCALNET.mints?.usdc,
      FACILITATOR_PUBKEY: TEST_FACILITATOR.publicKey.toBase58(),
      INSTANCE_ID: `${name}-test-${process.pid}`,
      SHUTDOWN_GRACE_MS: '8000',
      ...bus.envFor(name),
    };
    const own: Record<StackService, Record<string, unknown>> = {
      // Its rate-limit counters and audit log its own; no TEE key to advertise (no covalidator holds it).
      gateway: {
        PORT: '0',
        ADMIN_PORT: '0',
        PRIVATE_CLAIM_KEY_PREFIX: expect.stringMatching(new RegExp(`^qp-test-${process.pid}-[0-9a-f]{8}:gateway$`)),
        RATE_LIMIT_KEY_PREFIX: expect.stringMatching(new RegExp(`^qp-test-${process.pid}-[0-9a-f]{8}:gateway:rl:$`)),
        ADMIN_AUDIT_KEY: expect.stringMatching(new RegExp(`^qp-test-${process.pid}-[0-9a-f]{8}:gateway:admin:audit$`)),
        RATE_LIMIT_SESSIONS_PER_IP: '1000',
        RATE_LIMIT_SESSIONS_PER_USER: '1000',
      },
      'session-ledger': { HTTP_PORT: '0', LEDGER_AUTHORITY_KEY_FILE: authority.keyFile },
      'tx-builder': { HTTP_PORT: '0' },
      signer: { HTTP_PORT: '0', LEDGER_AUTHORITY_PUBKEY: authority.publicKey, TEE_PUBLIC_KEY: PLACEHOLDER_LOCALNET.modules?.['inco']?.['teePublicKey'] },
      submitter: { HTTP_PORT: '0' },
      'crank-keeper': { HTTP_PORT: '0' },
      'chain-poller': { HTTP_PORT: '0' },
      'decrypt-proxy': { HTTP_PORT: '0' },
    };
    expect(env).toEqual({ ...placeholder, ...own[name] });
  });

  it('gives a service booted alone a bare NATS URL, the caller’s variables last', () => {
    expect(serviceEnv('tx-builder', 'nats://127.0.0.1:4222', { LOG_LEVEL: 'trace', HTTP_PORT: '4999' })).toMatchObject({
      NATS_URL: 'nats://127.0.0.1:4222',
      LOG_LEVEL: 'trace',
      HTTP_PORT: '4999',
    });
  });
});
