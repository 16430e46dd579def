import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { buildProjects } from '../support/build-projects';
import { seedLedgerSession, type SeededSession } from '../support/ledger-session.seed';
import { startNatsServer, type NatsServerProcess } from '../support/nats-server.process';
import { serviceEnv } from '../support/quietpay-stack';
import { killAllServices, startService } from '../support/service.process';
import { FACILITATOR, MINT, PAY_TO } from './gateway-alone.fixture';

/**
 * An active session for this file's gateway tests (FACILITATOR, MINT, PAY_TO), seeded in
 * session-ledger's Redis layout under `prefix`. The caller deletes `${prefix}*` afterwards.
 */
export function seedSession(redis: Redis, prefix: string, network: string): Promise<SeededSession> {
  return seedLedgerSession(redis, prefix, { network, spender: FACILITATOR, asset: MINT, recipient: PAY_TO, cap: '1000000' });
}

/**
 * Registers a gateway and `ledgers` session-ledger replicas (processes on a private nats-server,
 * the shared Redis, ledger keys under `prefix`) with a per-session payment limit of `limit` calls
 * per `windowSeconds`, both services configured alike; returns the gateway URL once started.
 * Deletes `${prefix}*` and disconnects `redis` afterwards.
 *
 * @example
 * const gatewayUrl = rateLimitedLedgerGateway(redis, { prefix, network, limit: 3, windowSeconds: 300, ledgers: 2 });
 */
export function rateLimitedLedgerGateway(
  redis: Redis,
  options: { readonly prefix: string; readonly network: string; readonly limit: number; readonly windowSeconds: number; readonly ledgers: number },
): () => string {
  let nats: NatsServerProcess | undefined;
  let url = '';
  beforeAll(async () => {
    buildProjects(['services/gateway', 'services/session-ledger']);
    nats = await startNatsServer();
    const limits = { RATE_LIMIT_PAYMENTS_PER_SESSION: String(options.limit), RATE_LIMIT_WINDOW_SECONDS: String(options.windowSeconds) };
    const ledger = (instance: string) =>
      startService(
        'session-ledger',
        serviceEnv('session-ledger', nats!, {
          ...limits,
          INSTANCE_ID: instance,
          FACILITATOR_PUBKEY: FACILITATOR,
          INCO_MINT: MINT,
          SOLANA_RPC_URL: 'http://127.0.0.1:8899',
          SESSION_NETWORK: options.network,
          LEDGER_KEY_PREFIX: options.prefix,
        }),
      );
    const gateway = startService(
      'gateway',
      serviceEnv('gateway', nats, { ...limits, FACILITATOR_PUBKEY: FACILITATOR, INCO_MINT: MINT, RATE_LIMIT_KEY_PREFIX: `${options.prefix}gw:` }),
    );
    const replicas = Array.from({ length: options.ledgers }, (_, i) => ledger(`ledger-${i}`).started());
    const [port] = await Promise.all([gateway.started(), ...replicas]);
    url = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await killAllServices();
    await nats?.stop();
    const keys = await redis.keys(`${options.prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });
  return () => url;
}
