import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionCloseV1, SessionGetV1, SessionStatus, type Session } from '@quietpay/contracts';
import { BusClient } from '@quietpay/platform';
import { signSessionClose } from '@quietpay/x402';
import { buildProjects } from '../support/build-projects';
import { seedLedgerSession, type SeededSession } from '../support/ledger-session.seed';
import { startNatsServer, type NatsServerProcess } from '../support/nats-server.process';
import { killAllServices, startService } from '../support/service.process';
import { standaloneLedgerEnv, STANDALONE_LEDGER } from '../support/standalone-ledger';

// A session-ledger whose host clock is two hours fast (a preloaded Date shift), over the shared
// Redis: every expiry and freshness judgement must come from Redis's TIME, as the charge script's
// already does, so a replica with a drifting clock agrees with the others.

const PREFIX = `test:ledger-clock:${randomUUID()}:`;
const SKEW_MS = 2 * 3600 * 1000;
const redis = new Redis('redis://127.0.0.1:6379');
let nats: NatsServerProcess;
let nc: NatsConnection;
let bus: BusClient;

async function redisNowUnix(): Promise<number> {
  return Number((await redis.time())[0]);
}

async function seedSession(expirationUnix: number): Promise<SeededSession> {
  const { network, facilitator, mint, merchant } = STANDALONE_LEDGER;
  const seeded = await seedLedgerSession(redis, PREFIX, {
    network,
    spender: facilitator,
    asset: mint,
    recipient: merchant,
    cap: '5000000',
    expirationUnix,
    createdAtMs: (await redisNowUnix()) * 1000,
  });
  await redis.expire(`${PREFIX}s:{${seeded.sessionId}}`, 4 * 3600);
  return seeded;
}

async function getSession(sessionId: string): Promise<Session> {
  const reply = await bus.request(SessionGetV1, { sessionId });
  if (reply.result.case !== 'ok') throw new Error('no session');
  return reply.result.value;
}

beforeAll(async () => {
  buildProjects(['services/session-ledger']);
  nats = await startNatsServer();
  nc = await nats.connect();
  bus = new BusClient(nc, 10_000);
  const ledger = startService(
    'session-ledger',
    standaloneLedgerEnv(nats, PREFIX, {
      INSTANCE_ID: 'ledger-fast-clock',
      NODE_OPTIONS: `--require ${join(__dirname, '../support/preload/skewed-clock.cjs')}`,
      QP_TEST_CLOCK_SKEW_MS: String(SKEW_MS),
    }),
  );
  await ledger.started();
}, 120_000);

afterAll(async () => {
  await killAllServices();
  await nc?.close();
  await nats?.stop();
  redis.disconnect();
});

describe('session-ledger judges time by Redis, not by its host clock', () => {
  it('reads a session with an hour left as active, and one past its expiry as expired', async () => {
    const now = await redisNowUnix();
    const live = await seedSession(now + 3600);
    const gone = await seedSession(now - 60);
    expect((await getSession(live.sessionId)).status).toBe(SessionStatus.ACTIVE);
    expect((await getSession(gone.sessionId)).status).toBe(SessionStatus.EXPIRED);
  });

  it('accepts a close request signed just now (the freshness window is judged by Redis time)', async () => {
    const live = await seedSession((await redisNowUnix()) + 3600);
    const timestampUnix = await redisNowUnix();
    const signature = signSessionClose({ reason: 'user_revoked', sessionId: live.sessionId, timestampUnix }, live.key.secretKey);
    const reply = await bus.request(SessionCloseV1, { sessionId: live.sessionId, reason: 'user_revoked', timestampUnix, signature });
    expect(reply.result.case).toBe('ok');
    expect((await getSession(live.sessionId)).status).toBe(SessionStatus.REVOKED);
  });
});
