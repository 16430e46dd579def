import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { buildSessionAuthMessage, type SessionAuthFields, signSessionAuthMessage } from '@quietpay/x402';
import { Keypair } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { FACILITATOR, loneGateways, MINT, PAY_TO } from './gateway-alone.fixture';

// The gateway's Redis-shared rate limits, on real gateway processes with no other service attached:
// an admitted call goes on to a typed refusal from the missing ledger (503), a limited one is
// answered 429 before anything else is asked. The per-session limit is session-ledger's (counted on
// verified calls): session-rate-limit.test.ts.

const KEY_A = 'rate-key-a-0123456789';
const KEY_B = 'rate-key-b-0123456789';

interface Answer {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly body: Record<string, unknown>;
}

async function post(url: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Record<string, unknown> };
}

const requirements = { scheme: 'session', network: 'solana:localnet', asset: MINT, amount: '1000', payTo: PAY_TO, maxTimeoutSeconds: 60, extra: {} };
const settleBody = (sessionId: string) => ({
  x402Version: 2,
  paymentPayload: {
    x402Version: 2,
    resource: { url: 'https://api.example/data' },
    accepted: requirements,
    payload: { sessionId, amount: '1000', nonce: randomBytes(8).toString('hex'), resource: 'https://api.example/data', payTo: PAY_TO, sig: '5'.repeat(88) },
  },
  paymentRequirements: requirements,
});

/** A POST /sessions body that passes every check the gateway makes on its own (signed by `user`). */
function openBody(user: Keypair): Record<string, unknown> {
  const fields: SessionAuthFields = {
    asset: MINT,
    cap: '1000000',
    expirationUnix: Math.floor(Date.now() / 1000) + 3600,
    network: 'solana:localnet',
    nonce: randomBytes(8).toString('hex'),
    perCallLimit: '0',
    recipient: PAY_TO,
    sessionPubkey: Keypair.generate().publicKey.toBase58(),
    spender: FACILITATOR,
    user: user.publicKey.toBase58(),
  };
  return {
    approveTx: Buffer.alloc(200, 1).toString('base64'),
    authMessage: buildSessionAuthMessage(fields),
    authSignature: signSessionAuthMessage(fields, user.secretKey),
    user: fields.user,
    sessionPublicKey: fields.sessionPubkey,
    nonce: fields.nonce,
  };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('gateway rate limits (real processes, shared Redis)', () => {
  const startGateway = loneGateways();
  const gateway = async (extra: Record<string, string>): Promise<string> => (await startGateway(extra)).url;
  const prefix = () => `qp-test-rl-${process.pid}-${randomBytes(4).toString('hex')}:`;

  it('per API key: one key over its limit is refused while another key goes on', async () => {
    const url = await gateway({ RATE_LIMIT_KEY_PREFIX: prefix(), RATE_LIMIT_PAYMENTS_PER_API_KEY: '2', GATEWAY_API_KEYS: `${KEY_A},${KEY_B}` });
    const as = (key: string) => ({ authorization: `Bearer ${key}` });
    expect((await post(url, '/settle', settleBody('sess_k1'), as(KEY_A))).status).not.toBe(429);
    expect((await post(url, '/verify', settleBody('sess_k2'), as(KEY_A))).status).not.toBe(429);
    const refused = await post(url, '/settle', settleBody('sess_k3'), as(KEY_A));
    expect(refused.status).toBe(429);
    expect(refused.body['limit']).toBe('payments_per_api_key');
    expect((await post(url, '/settle', settleBody('sess_k3'), as(KEY_B))).status).not.toBe(429);
  });

  it('POST /sessions per client IP: 429 once over the limit; X-Forwarded-For counts only from a trusted proxy', async () => {
    const env = { RATE_LIMIT_KEY_PREFIX: prefix(), RATE_LIMIT_SESSIONS_PER_IP: '2', RATE_LIMIT_SESSIONS_PER_USER: '100' };
    const direct = await gateway(env);
    const spoof = (ip: string) => ({ 'x-forwarded-for': ip });
    // Untrusted peer: a forged header does not buy a fresh bucket.
    expect((await post(direct, '/sessions', openBody(Keypair.generate()), spoof('198.51.100.1'))).status).not.toBe(429);
    expect((await post(direct, '/sessions', openBody(Keypair.generate()), spoof('198.51.100.2'))).status).not.toBe(429);
    const refused = await post(direct, '/sessions', openBody(Keypair.generate()), spoof('198.51.100.3'));
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: 'rate_limited', limit: 'sessions_per_ip' });
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);

    // Behind a trusted proxy (the loopback here) each forwarded client has its own bucket.
    const proxied = await gateway({ ...env, RATE_LIMIT_KEY_PREFIX: prefix(), GATEWAY_TRUSTED_PROXIES: '127.0.0.1,::1' });
    for (let i = 0; i < 2; i += 1) expect((await post(proxied, '/sessions', openBody(Keypair.generate()), spoof('198.51.100.7'))).status).not.toBe(429);
    expect((await post(proxied, '/sessions', openBody(Keypair.generate()), spoof('198.51.100.7'))).status).toBe(429);
    expect((await post(proxied, '/sessions', openBody(Keypair.generate()), spoof('198.51.100.8'))).status).not.toBe(429);
  });

  it('POST /sessions per user: counted only for requests the user signed', async () => {
    const url = await gateway({ RATE_LIMIT_KEY_PREFIX: prefix(), RATE_LIMIT_SESSIONS_PER_IP: '100', RATE_LIMIT_SESSIONS_PER_USER: '1' });
    const victim = Keypair.generate();
    // A stranger's mis-signed opens in the victim's name are refused (401) and use up nothing.
    const forged = { ...openBody(victim), authSignature: '5'.repeat(88) };
    for (let i = 0; i < 3; i += 1) expect((await post(url, '/sessions', forged)).status).toBe(401);
    expect((await post(url, '/sessions', openBody(victim))).status).not.toBe(429);
    const refused = await post(url, '/sessions', openBody(victim));
    expect(refused.status).toBe(429);
    expect(refused.body['limit']).toBe('sessions_per_user');
  });

  it('Redis unreachable: 503 rate_limit_unavailable with Retry-After, never a 500', async () => {
    const url = await gateway({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });
    for (const [path, body] of [
      ['/settle', settleBody('sess_down')],
      ['/sessions', openBody(Keypair.generate())],
    ] as const) {
      const answer = await post(url, path, body);
      expect(answer.status).toBe(503);
      expect(answer.body['error']).toBe('rate_limit_unavailable');
      expect(answer.retryAfter).toBe('2');
    }
  });
});
