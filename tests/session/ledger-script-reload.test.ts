import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SessionChargeReleaseV1,
  SessionChargeReserveV1,
  SessionChargeServeV1,
  SessionGetV1,
  type Charge,
  type ReserveChargeRequest,
} from '@quietpay/contracts';
import { BusClient } from '@quietpay/platform';
import { buildProjects } from '../support/build-projects';
import { seedLedgerSession, type SeededSession } from '../support/ledger-session.seed';
import { startNatsServer, type NatsServerProcess } from '../support/nats-server.process';
import { startRedisServer, type RedisServerProcess } from '../support/redis-server.process';
import { eventually, killAllServices, startService } from '../support/service.process';
import { errorCodeOf, signedCharge, standaloneLedgerEnv, STANDALONE_LEDGER } from '../support/standalone-ledger';

// The ledger runs every money script by its SHA (EVALSHA, libs/platform LuaScript) and loads it
// only when Redis answers NOSCRIPT: after SCRIPT FLUSH, a failover to a replica that never saw the
// script, or a restart. Each of those must cost one EVAL, never a refused charge and never a
// charge applied twice. A real session-ledger on a private redis-server (AOF, fsync always), so
// the test may flush and restart it.

const PREFIX = `test:ledger-reload:${randomUUID()}:`;
const PRICE = 500_000n;

let redisServer: RedisServerProcess;
let redis: Redis;
let nats: NatsServerProcess;
let nc: NatsConnection;
let bus: BusClient;

function seedSession(): Promise<SeededSession> {
  const { network, facilitator, mint, merchant } = STANDALONE_LEDGER;
  return seedLedgerSession(redis, PREFIX, { network, spender: facilitator, asset: mint, recipient: merchant, cap: String(PRICE * 10n) });
}

function call(s: SeededSession): ReserveChargeRequest {
  return signedCharge(s, String(PRICE));
}

async function reserve(request: ReserveChargeRequest): Promise<Charge> {
  const reply = await bus.request(SessionChargeReserveV1, request);
  if (reply.result.case !== 'ok') throw new Error('reserve answered no charge');
  return reply.result.value;
}

async function spent(sessionId: string): Promise<bigint> {
  const reply = await bus.request(SessionGetV1, { sessionId });
  if (reply.result.case !== 'ok') throw new Error('no session');
  return BigInt(reply.result.value.spent);
}

function serveCode(settlementId: string, serveToken: string): Promise<string> {
  return errorCodeOf(bus.request(SessionChargeServeV1, { settlementId, serveToken }));
}

/** How many scripts Redis has cached (INFO memory): 0 right after SCRIPT FLUSH or a restart. */
async function scriptCount(): Promise<number> {
  const info = await redis.info('memory');
  return Number(/number_of_cached_scripts:(\d+)/.exec(info)?.[1] ?? '-1');
}

beforeAll(async () => {
  buildProjects(['services/session-ledger']);
  redisServer = await startRedisServer();
  redis = redisServer.admin();
  nats = await startNatsServer();
  nc = await nats.connect();
  bus = new BusClient(nc, 10_000);
  const ledger = startService('session-ledger', standaloneLedgerEnv(nats, PREFIX, { REDIS_URL: redisServer.url }));
  await ledger.started();
}, 120_000);

afterAll(async () => {
  await killAllServices();
  await nc?.close();
  await nats?.stop();
  redis?.disconnect();
  await redisServer?.stop();
});

describe('session-ledger money scripts after Redis forgot them (EVALSHA, NOSCRIPT)', () => {
  it('after SCRIPT FLUSH: a new charge is applied once, a repeat is the same charge, a serve and a release each apply once', async () => {
    const s = await seedSession();
    const first = await reserve(call(s));
    const token = randomUUID();
    expect(await serveCode(first.settlementId, token)).toBe('ok');
    expect(await scriptCount()).toBeGreaterThan(0);

    await redis.script('FLUSH');
    expect(await scriptCount()).toBe(0);
    const second = call(s);
    const charged = await reserve(second);
    expect(charged).toMatchObject({ duplicate: false });
    expect(await spent(s.sessionId)).toBe(PRICE * 2n);
    // Loaded again by that EVAL: the next runs are EVALSHA and still exact.
    expect(await scriptCount()).toBeGreaterThan(0);
    expect(await reserve(second)).toMatchObject({ settlementId: charged.settlementId, duplicate: true });
    expect(await spent(s.sessionId)).toBe(PRICE * 2n);

    await redis.script('FLUSH');
    expect(await serveCode(first.settlementId, randomUUID())).toBe('nonce_replayed');
    expect(await serveCode(first.settlementId, token)).toBe('ok');

    await redis.script('FLUSH');
    await bus.request(SessionChargeReleaseV1, { settlementId: charged.settlementId, reason: 'transfer_failed' });
    await redis.script('FLUSH');
    await bus.request(SessionChargeReleaseV1, { settlementId: charged.settlementId, reason: 'transfer_failed' });
    expect(await spent(s.sessionId)).toBe(PRICE);
  });

  it('after a Redis restart: the ledger charges again once Redis is back, each charge once, the ones before it still known', async () => {
    const s = await seedSession();
    const before = call(s);
    const kept = await reserve(before);

    await redisServer.crash();
    await redisServer.start();
    expect(await scriptCount()).toBe(0);

    const after = call(s);
    const charged = await eventually(() => reserve(after).catch(() => undefined), 'the ledger to charge again after the Redis restart', 150, 200);
    // A reserve the restart interrupted may have been asked again by `eventually`: still one charge.
    expect(await reserve(after)).toMatchObject({ settlementId: charged.settlementId, duplicate: true });
    expect(await reserve(before)).toMatchObject({ settlementId: kept.settlementId, duplicate: true });
    expect(await spent(s.sessionId)).toBe(PRICE * 2n);
  }, 60_000);
});
