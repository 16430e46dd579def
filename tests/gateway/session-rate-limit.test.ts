import { randomBytes, randomUUID } from 'node:crypto';
import bs58 from 'bs58';
import { Redis } from 'ioredis';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import { signSessionPayment } from '@quietpay/x402';
import { MINT, PAY_TO } from './gateway-alone.fixture';
import { rateLimitedLedgerGateway, seedSession as seedLedgerSession } from './seeded-session.fixture';

// The per-session rate limit keyed by a verified session: a gateway and two session-ledger
// replicas (real processes, one NATS, the shared Redis), a session seeded in the ledger's Redis
// layout. A caller who names the session without its key must not use up its allowance; the
// session's holder is limited across replicas. Both services get the same limit, so the test
// fails wherever an unchecked session id from the body still names the counter.

const LIMIT = 3;
const NETWORK = 'solana:localnet';
const RESOURCE = 'https://api.example/data';
const PREFIX = `test:rl-session:${randomUUID()}:`;
const redis = new Redis('redis://127.0.0.1:6379');
const gateway = rateLimitedLedgerGateway(redis, { prefix: PREFIX, network: NETWORK, limit: LIMIT, windowSeconds: 300, ledgers: 2 });
const seeded: string[] = [];

const requirements = { scheme: 'session', network: NETWORK, asset: MINT, amount: '1000', payTo: PAY_TO, maxTimeoutSeconds: 60, extra: {} };

async function seedSession(): Promise<{ sessionId: string; key: nacl.SignKeyPair }> {
  const seededSession = await seedLedgerSession(redis, PREFIX, NETWORK);
  seeded.push(seededSession.sessionId);
  return seededSession;
}

/** A /verify for the session, signed by `signer` (the session key, or a stranger's). */
async function verify(sessionId: string, signer: Uint8Array): Promise<{ status: number; retryAfter: string | null; body: Record<string, unknown> }> {
  const payload = signSessionPayment({ sessionId, amount: '1000', nonce: bs58.encode(randomBytes(16)), resource: RESOURCE, payTo: PAY_TO }, signer);
  const res = await fetch(`${gateway()}/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      x402Version: 2,
      paymentPayload: { x402Version: 2, resource: { url: RESOURCE }, accepted: requirements, payload },
      paymentRequirements: requirements,
    }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Record<string, unknown> };
}

describe('per-session rate limit on verified calls', () => {
  it('calls signed by a stranger count against nothing; the holder gets its full allowance, then 429 with Retry-After', async () => {
    const victim = await seedSession();
    const stranger = nacl.sign.keyPair();
    for (let i = 0; i < LIMIT + 2; i += 1) {
      const forged = await verify(victim.sessionId, stranger.secretKey);
      expect(forged.status).toBe(200);
      expect(forged.body).toMatchObject({ isValid: false, invalidReason: 'bad_session_signature' });
    }
    for (let i = 0; i < LIMIT; i += 1) {
      const honest = await verify(victim.sessionId, victim.key.secretKey);
      expect(honest.body, `call ${i + 1}`).toMatchObject({ isValid: true });
    }
    const refused = await verify(victim.sessionId, victim.key.secretKey);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(300);
    expect(refused.body).toEqual({
      error: 'rate_limited',
      message: expect.any(String),
      limit: 'payments_per_session',
      retryAfterSeconds: Number(refused.retryAfter),
    });

    // Another session is unaffected.
    const other = await seedSession();
    expect((await verify(other.sessionId, other.key.secretKey)).body).toMatchObject({ isValid: true });
  });

  it('session ids invented by a caller create no counters', async () => {
    for (let i = 0; i < 5; i += 1) {
      const answer = await verify(`sess_${randomUUID()}`, nacl.sign.keyPair().secretKey);
      expect(answer.body).toMatchObject({ isValid: false, invalidReason: 'session_not_found' });
    }
    // The only counters are those of seeded sessions whose holder made a call.
    const counters = await redis.keys(`${PREFIX}*:rl`);
    expect(counters.length).toBeGreaterThan(0);
    for (const counter of counters)
      expect(
        seeded.some((id) => counter === `${PREFIX}s:{${id}}:rl`),
        counter,
      ).toBe(true);
    expect(await redis.keys(`${PREFIX}gw:*payments_per_session*`)).toEqual([]);
  });
});
