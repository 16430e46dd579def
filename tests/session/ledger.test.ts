import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { JSONCodec, type NatsConnection } from 'nats';
import nacl from 'tweetnacl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChargeState,
  SessionChargeCommitV1,
  SessionChargeReleaseV1,
  SessionChargeReserveV1,
  SessionCloseV1,
  SessionGetV1,
  SessionPaymentVerifyV1,
  SessionStatus,
  type Charge,
  type ReserveChargeRequest,
  type Session,
} from '@quietpay/contracts';
import { BusClient, QuietpayError } from '@quietpay/platform';
import { signSessionClose, type SessionPaymentFields } from '@quietpay/x402';
import { buildProjects } from '../support/build-projects';
import { seedLedgerSession, type SeededSession } from '../support/ledger-session.seed';
import { startNatsServer, type NatsServerProcess } from '../support/nats-server.process';
import { killAllServices, startService } from '../support/service.process';
import { errorCodeOf, signedCharge, standaloneLedgerEnv, standaloneRequirements, STANDALONE_LEDGER } from '../support/standalone-ledger';

// session-ledger as two real processes (one NATS queue group) over a private nats-server and the
// shared Redis under a per-run key prefix. Sessions are seeded in the documented Redis layout
// (docs/session-scheme.md "Redis keys"), as session.open would leave them.

const REDIS_URL = 'redis://127.0.0.1:6379';
const PREFIX = `test:ledger:${randomUUID()}:`;
const { network: NETWORK, mint: MINT, facilitator: FACILITATOR, merchant: MERCHANT, resource: RESOURCE } = STANDALONE_LEDGER;
const EVIL = 'Evi1111111111111111111111111111111111111111';
const PRICE = '500000';

const redis = new Redis(REDIS_URL);
let nats: NatsServerProcess;
let nc: NatsConnection;
let bus: BusClient;

function seedSession(overrides: Record<string, string> = {}): Promise<SeededSession> {
  return seedLedgerSession(
    redis,
    PREFIX,
    { network: NETWORK, spender: FACILITATOR, asset: MINT, recipient: MERCHANT, cap: String(BigInt(PRICE) * 10n) },
    overrides,
  );
}

/** A close request signed by the session's key (docs/session-scheme.md "Close a session"). */
function closeBy(s: SeededSession, reason: string, signer = s.key, timestampUnix = Math.floor(Date.now() / 1000)) {
  const signature = signSessionClose({ reason, sessionId: s.sessionId, timestampUnix }, signer.secretKey);
  return { sessionId: s.sessionId, reason, timestampUnix, signature };
}

const requirements = standaloneRequirements(PRICE);

function call(s: SeededSession, overrides: Partial<SessionPaymentFields> = {}, signer = s.key): ReserveChargeRequest {
  return signedCharge(s, PRICE, overrides, signer);
}

/** The charge, or the reason code the ledger refused it with. */
async function reserve(request: ReserveChargeRequest): Promise<Charge | string> {
  try {
    const reply = await bus.request(SessionChargeReserveV1, request);
    if (reply.result.case !== 'ok') throw new Error('reply without ok');
    return reply.result.value;
  } catch (error) {
    if (error instanceof QuietpayError) return error.code;
    throw error;
  }
}

async function getSession(sessionId: string): Promise<Session> {
  const reply = await bus.request(SessionGetV1, { sessionId });
  if (reply.result.case !== 'ok') throw new Error('no session');
  return reply.result.value;
}

async function okOf<T>(promise: Promise<{ result: { case: 'ok'; value: T } | { case: string | undefined; value?: unknown } }>): Promise<T> {
  const reply = await promise;
  if (reply.result.case !== 'ok') throw new Error(`expected ok, got ${String(reply.result.case)}`);
  return reply.result.value as T;
}

const codeOf = errorCodeOf;

beforeAll(async () => {
  buildProjects(['services/session-ledger']);
  nats = await startNatsServer();
  nc = await nats.connect();
  bus = new BusClient(nc, 10_000);
  const env = (instance: string) => standaloneLedgerEnv(nats, PREFIX, { INSTANCE_ID: instance });
  const replicas = [startService('session-ledger', env('ledger-a')), startService('session-ledger', env('ledger-b'))];
  await Promise.all(replicas.map((r) => r.started()));
});

afterAll(async () => {
  await killAllServices();
  await nc?.close();
  await nats?.stop();
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('session-ledger over NATS, two replicas', () => {
  it('reserves exactly 10 of 50 concurrent calls against a cap worth 10', async () => {
    const s = await seedSession();
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => reserve(call(s))));
    const charges = outcomes.filter((o): o is Charge => typeof o !== 'string');
    expect(charges).toHaveLength(10);
    expect(outcomes.filter((o) => o === 'cap_exceeded')).toHaveLength(40);
    expect(new Set(charges.map((c) => c.settlementId)).size).toBe(10);
    expect(charges.every((c) => c.state === ChargeState.RESERVED && !c.duplicate)).toBe(true);
    expect((await getSession(s.sessionId)).spent).toBe(String(BigInt(PRICE) * 10n));
  });

  it('refuses a replayed payload and answers a repeated idempotency key with the same charge', async () => {
    const s = await seedSession();
    const first = call(s);
    const charge = await reserve(first);
    expect(typeof charge).toBe('object');
    expect(await reserve({ ...first, idempotencyKey: 'payment-identifier-2' })).toBe('nonce_replayed');
    const again = await reserve(first);
    expect(again).toMatchObject({ settlementId: (charge as Charge).settlementId, duplicate: true });
    expect((await getSession(s.sessionId)).spent).toBe(PRICE);
  });

  it('refuses each tampered or mis-addressed call with its reason and charges nothing', async () => {
    const s = await seedSession();
    const honest = call(s);
    const signed = honest.payload!;
    const cases: [string, ReserveChargeRequest, string][] = [
      [
        'amount raised after signing',
        { ...honest, payload: { ...signed, amount: '600000' }, requirements: { ...requirements, amount: '600000' } },
        'bad_session_signature',
      ],
      ['amount off the requirements', { ...honest, payload: { ...signed, amount: '600000' } }, 'amount_mismatch'],
      [
        'recipient swapped after signing',
        { ...honest, payload: { ...signed, payTo: EVIL }, requirements: { ...requirements, payTo: EVIL } },
        'bad_session_signature',
      ],
      ['recipient the session does not allow', { ...call(s, { payTo: EVIL }), requirements: { ...requirements, payTo: EVIL } }, 'recipient_mismatch'],
      [
        'resource swapped after signing',
        { ...honest, payload: { ...signed, resource: `${RESOURCE}/premium` }, resource: `${RESOURCE}/premium` },
        'bad_session_signature',
      ],
      ['resource other than the one paid for', { ...honest, resource: `${RESOURCE}/premium` }, 'resource_mismatch'],
      ['signed by another key', call(s, {}, nacl.sign.keyPair()), 'bad_session_signature'],
      [
        'legacy payload with legacy mode off',
        { ...honest, payload: undefined, legacyPayload: { sessionId: s.sessionId, amount: PRICE, nonce: '' } },
        'legacy_payload_disabled',
      ],
    ];
    for (const [name, request, reason] of cases) {
      expect(await reserve(request), name).toBe(reason);
      const verified = await okOf(
        bus.request(SessionPaymentVerifyV1, {
          payload: request.payload,
          legacyPayload: request.legacyPayload,
          requirements: request.requirements,
          resource: request.resource,
          idempotencyKey: '',
        }),
      );
      expect(verified, name).toMatchObject({ isValid: false, invalidReason: reason });
    }
    expect((await getSession(s.sessionId)).spent).toBe('0');
    expect(await okOf(bus.request(SessionPaymentVerifyV1, { payload: signed, requirements, resource: RESOURCE, idempotencyKey: '' }))).toMatchObject({
      isValid: true,
    });
    expect((await getSession(s.sessionId)).spent).toBe('0');
  });

  it('refuses expired, unknown, revoked and closed sessions and charges nothing', async () => {
    const expired = await seedSession({ expirationUnix: String(Math.floor(Date.now() / 1000) - 1) });
    expect(await reserve(call(expired))).toBe('session_expired');
    expect(await getSession(expired.sessionId)).toMatchObject({ status: SessionStatus.EXPIRED, spent: '0' });

    const ghost = { sessionId: `sess_${randomUUID()}`, key: nacl.sign.keyPair() };
    expect(await reserve(call(ghost))).toBe('session_not_found');
    expect(await codeOf(bus.request(SessionGetV1, { sessionId: ghost.sessionId }))).toBe('session_not_found');

    const closedEvents: string[] = [];
    const sub = nc.subscribe('quietpay.session.closed.v1');
    void (async () => {
      for await (const m of sub) closedEvents.push(JSON.stringify(JSONCodec().decode(m.data)));
    })();

    const revoked = await seedSession();
    // Without the session key's proof nothing changes: no signature, another key, a stale one.
    expect(await codeOf(bus.request(SessionCloseV1, { sessionId: revoked.sessionId, reason: 'user_revoked', timestampUnix: 0, signature: '' }))).toBe(
      'bad_close_signature',
    );
    expect(await codeOf(bus.request(SessionCloseV1, closeBy(revoked, 'user_revoked', nacl.sign.keyPair())))).toBe('bad_close_signature');
    expect(await codeOf(bus.request(SessionCloseV1, closeBy(revoked, 'user_revoked', revoked.key, Math.floor(Date.now() / 1000) - 3600)))).toBe(
      'stale_close_request',
    );
    expect(await getSession(revoked.sessionId)).toMatchObject({ status: SessionStatus.ACTIVE });
    const revokedView = await okOf(bus.request(SessionCloseV1, closeBy(revoked, 'user_revoked')));
    expect(revokedView).toMatchObject({ status: SessionStatus.REVOKED });
    expect(await reserve(call(revoked))).toBe('session_revoked');

    const closed = await seedSession();
    const closeRequest = closeBy(closed, 'operator');
    expect(await okOf(bus.request(SessionCloseV1, closeRequest))).toMatchObject({ status: SessionStatus.CLOSED });
    // The same signed request is used once, on whichever replica it lands.
    expect(await codeOf(bus.request(SessionCloseV1, closeRequest))).toBe('close_replayed');
    // Closing again changes nothing: still closed, not revoked.
    expect(await okOf(bus.request(SessionCloseV1, closeBy(closed, 'user_revoked', closed.key, closeRequest.timestampUnix + 1)))).toMatchObject({
      status: SessionStatus.CLOSED,
    });
    expect(await reserve(call(closed))).toBe('session_closed');

    for (const s of [revoked, closed]) expect((await getSession(s.sessionId)).spent).toBe('0');
    await nc.flush();
    sub.unsubscribe();
    expect(closedEvents.some((e) => e.includes(revoked.sessionId) && e.includes('user_revoked'))).toBe(true);
    expect(closedEvents.some((e) => e.includes(closed.sessionId) && e.includes('operator'))).toBe(true);
  });

  it('commits and releases reserved charges by settlement id', async () => {
    const s = await seedSession();
    const a = (await reserve(call(s))) as Charge;
    const b = (await reserve(call(s))) as Charge;
    expect((await getSession(s.sessionId)).spent).toBe(String(BigInt(PRICE) * 2n));

    const committed = await okOf(bus.request(SessionChargeCommitV1, { settlementId: a.settlementId, signature: 'tx-sig-a' }));
    expect(committed).toMatchObject({ settlementId: a.settlementId, state: ChargeState.COMMITTED, spent: String(BigInt(PRICE) * 2n) });
    // A retried commit is answered with the same charge; a release after commit is refused.
    expect(await okOf(bus.request(SessionChargeCommitV1, { settlementId: a.settlementId, signature: 'tx-sig-a' }))).toMatchObject({
      state: ChargeState.COMMITTED,
    });
    expect(await codeOf(bus.request(SessionChargeReleaseV1, { settlementId: a.settlementId, reason: 'late failure' }))).toBe('invalid_transaction_state');

    const released = await okOf(bus.request(SessionChargeReleaseV1, { settlementId: b.settlementId, reason: 'transfer_failed' }));
    expect(released).toMatchObject({ state: ChargeState.RELEASED, spent: PRICE });
    expect(await okOf(bus.request(SessionChargeReleaseV1, { settlementId: b.settlementId, reason: 'transfer_failed' }))).toMatchObject({
      state: ChargeState.RELEASED,
      spent: PRICE,
    });
    expect(await codeOf(bus.request(SessionChargeCommitV1, { settlementId: b.settlementId, signature: 'tx-sig-b' }))).toBe('invalid_transaction_state');

    expect(await codeOf(bus.request(SessionChargeCommitV1, { settlementId: `${s.sessionId}.${randomUUID()}`, signature: 'x' }))).toBe('charge_not_found');
    expect((await getSession(s.sessionId)).spent).toBe(PRICE);
  });
});
