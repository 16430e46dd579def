import { HTTPFacilitatorClient } from '@x402/core/http';
import { SupportedResponseSchema } from '@quietpay/x402';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProjects } from '../support/build-projects';
import { startNatsServer, type NatsServerProcess } from '../support/nats-server.process';
import { serviceEnv } from '../support/quietpay-stack';
import { killAllServices, startService } from '../support/service.process';

// The gateway as a real process on a private NATS with no other service attached: every answer here
// is the gateway's own validation (session-ledger's handlers are not part of this test), and routes
// that need a backing service must say so with a typed 503, never a 500.

const FACILITATOR = '9LmfGkt3fx7hGkcoe2Q9hvQ7vnBrDGgusBNbgSB1q7on';
const MINT = '7crFMbJN7hxVhUPNcRRxTGr9nD3TnvpZ8pNZepA19wuB';
const PAY_TO = 'GH7ome3EiwEr7tu9JuTh2dpYWBJK3z69Xm1ZE3MEE6JC';
const API_KEY = 'test-key-0123456789';

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly contentType: string;
}

const requirements = (over: Record<string, unknown> = {}) => ({
  scheme: 'session',
  network: 'solana:localnet',
  asset: MINT,
  amount: '1000',
  payTo: PAY_TO,
  maxTimeoutSeconds: 60,
  extra: {},
  ...over,
});

const sessionPayload = (over: Record<string, unknown> = {}) => ({
  sessionId: 'sess_abc',
  amount: '1000',
  nonce: 'nonce-0123456789abcdef',
  resource: 'https://api.example/data',
  payTo: PAY_TO,
  sig: '5'.repeat(88),
  ...over,
});

const v2Body = (reqOver: Record<string, unknown> = {}, payloadOver: Record<string, unknown> = {}) => ({
  x402Version: 2,
  paymentPayload: { x402Version: 2, resource: { url: 'https://api.example/data' }, accepted: requirements(reqOver), payload: sessionPayload(payloadOver) },
  paymentRequirements: requirements(reqOver),
});

describe('gateway HTTP surface (real process, real NATS)', () => {
  let nats: NatsServerProcess;
  let base = '';

  const call = async (method: string, path: string, body?: string | object, headers: Record<string, string> = {}): Promise<Answer> => {
    const init: RequestInit = { method, headers: { authorization: `Bearer ${API_KEY}`, ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      init.headers = { 'content-type': 'application/json', ...init.headers };
    }
    const res = await fetch(`${base}${path}`, init);
    const text = await res.text();
    return { status: res.status, body: JSON.parse(text) as Record<string, unknown>, contentType: res.headers.get('content-type') ?? '' };
  };

  beforeAll(async () => {
    buildProjects(['services/gateway']);
    nats = await startNatsServer();
    const gateway = startService(
      'gateway',
      serviceEnv('gateway', nats, {
        FACILITATOR_PUBKEY: FACILITATOR,
        INCO_MINT: MINT,
        GATEWAY_API_KEYS: `other-key,${API_KEY}`,
        NATS_REQUEST_TIMEOUT_MS: '500',
      }),
    );
    base = `http://127.0.0.1:${await gateway.started()}`;
  });

  afterAll(async () => {
    await killAllServices();
    await nats?.stop();
  });

  describe('/supported', () => {
    it('matches libs/x402 SupportedResponse and lists v2 and v1 session kinds with the SDK extra', async () => {
      const { status, body } = await call('GET', '/supported');
      expect(status).toBe(200);
      const supported = SupportedResponseSchema.parse(body);
      expect(supported.kinds.map((k) => [k.x402Version, k.scheme, k.network])).toEqual([
        [2, 'session', 'solana:localnet'],
        [1, 'session', 'solana-localnet'],
      ]);
      expect(supported.signers).toEqual({ 'solana:*': [FACILITATOR] });
      expect(supported.kinds[0]?.extra).toMatchObject({
        facilitatorAddress: FACILITATOR,
        spender: FACILITATOR,
        sessionsEndpoint: `${base}/sessions`,
        decimals: 6,
        settlementMode: 'per-call',
        mint: MINT,
        incoTokenProgramId: expect.any(String),
        incoLightningProgramId: expect.any(String),
      });
    });

    it("is accepted by @x402/core's HTTPFacilitatorClient without an API key", async () => {
      const supported = await new HTTPFacilitatorClient({ url: base }).getSupported();
      expect(supported.kinds.find((k) => k.x402Version === 2)?.network).toBe('solana:localnet');
      expect(supported.signers['solana:*']).toEqual([FACILITATOR]);
    });
  });

  describe('bad-input matrix: typed 4xx JSON on every body route', () => {
    const bodyRoutes = ['/verify', '/settle', '/sessions', '/pay/getAmount', '/pay/verify', '/pay/settle'];

    it.each(bodyRoutes)('%s: malformed JSON → 400 malformed_json (JSON, not HTML)', async (path) => {
      const a = await call('POST', path, '{"x402Version": 2,');
      expect(a.status).toBe(400);
      expect(a.contentType).toContain('application/json');
      expect(a.body).toEqual({ error: 'malformed_json', message: expect.any(String) });
    });

    it.each(bodyRoutes)('%s: a body over 64 KiB → 413 payload_too_large', async (path) => {
      const a = await call('POST', path, { padding: 'x'.repeat(70_000) });
      expect(a.status).toBe(413);
      expect(a.body['error']).toBe('payload_too_large');
    });

    it.each(bodyRoutes)('%s: wrong types → 400 invalid_request', async (path) => {
      const a = await call('POST', path, { x402Version: '2', paymentHeader: 42, approveTx: 7, paymentRequirements: [] });
      expect(a.status).toBe(400);
      expect(a.body['error']).toBe('invalid_request');
    });

    it.each(bodyRoutes)('%s: no JSON body at all → 400 invalid_request', async (path) => {
      const a = await call('POST', path, 'x402Version=2', { 'content-type': 'application/x-www-form-urlencoded' });
      expect(a.status).toBe(400);
      expect(a.body['error']).toBe('invalid_request');
    });

    it('/verify and /settle: unknown top-level field → 400 (nested extension fields are allowed)', async () => {
      for (const path of ['/verify', '/settle']) {
        const a = await call('POST', path, { ...v2Body(), surprise: true });
        expect(a.status).toBe(400);
        expect(a.body['message']).toContain('surprise');
      }
    });

    it('/verify: a network that is not CAIP-2 → 400; a well-formed unknown one → 200 invalid_network', async () => {
      const malformed = await call('POST', '/verify', v2Body({ network: 'not a network' }));
      expect(malformed.status).toBe(400);
      const foreign = await call('POST', '/verify', v2Body({ network: 'eip155:8453' }));
      expect(foreign.status).toBe(200);
      expect(foreign.body).toMatchObject({ isValid: false, invalidReason: 'invalid_network' });
    });

    it('/verify accepts the solana:devnet alias on input and still refuses it as not this network', async () => {
      const a = await call('POST', '/verify', v2Body({ network: 'solana:devnet' }));
      expect(a.status).toBe(200);
      expect(a.body).toMatchObject({ isValid: false, invalidReason: 'invalid_network' });
    });

    it('/settle: an invalid payment is HTTP 200 with success:false, empty transaction, CAIP-2 network', async () => {
      const a = await call('POST', '/settle', v2Body({}, { sig: 'not-base58!' }));
      expect(a.status).toBe(200);
      expect(a.body).toMatchObject({ success: false, errorReason: 'invalid_payload', transaction: '', network: 'solana:localnet' });
    });

    it('/verify and /settle: a body without top-level x402Version (the seed README merchant) takes it from paymentPayload', async () => {
      const { x402Version: _v, ...v2 } = v2Body({ network: 'solana:devnet' });
      expect(await call('POST', '/verify', v2)).toMatchObject({ status: 200, body: { isValid: false, invalidReason: 'invalid_network' } });
      expect(await call('POST', '/settle', v2)).toMatchObject({ status: 200, body: { success: false, errorReason: 'invalid_network', transaction: '' } });
      // Neither level names a version: still a typed 400.
      const { x402Version: _p, ...payload } = v2.paymentPayload;
      expect((await call('POST', '/verify', { ...v2, paymentPayload: payload })).status).toBe(400);
    });

    it('/verify: accepted echo that differs from the requirements → amount_mismatch', async () => {
      const body = v2Body();
      const a = await call('POST', '/verify', { ...body, paymentRequirements: { ...body.paymentRequirements, amount: '999' } });
      expect(a.body).toMatchObject({ isValid: false, invalidReason: 'amount_mismatch' });
    });

    it('/verify: another mint or an unknown scheme are refused before any bus call', async () => {
      expect((await call('POST', '/verify', v2Body({ asset: PAY_TO }))).body).toMatchObject({ isValid: false, invalidReason: 'asset_mismatch' });
      expect((await call('POST', '/verify', v2Body({ scheme: 'exact' }))).body).toMatchObject({ isValid: false, invalidReason: 'unsupported_scheme' });
    });

    it('/verify v1: a v1 body is understood; /settle v1 answers with the v1 network name', async () => {
      const v1Requirements = {
        scheme: 'session',
        network: 'solana-localnet',
        maxAmountRequired: '1000',
        resource: 'https://api.example/data',
        description: '',
        payTo: PAY_TO,
        maxTimeoutSeconds: 60,
        asset: MINT,
        extra: {},
      };
      const body = {
        x402Version: 1,
        paymentPayload: { x402Version: 1, scheme: 'session', network: 'solana-localnet', payload: { sessionId: 's' } },
        paymentRequirements: v1Requirements,
      };
      expect((await call('POST', '/verify', body)).body).toMatchObject({ isValid: false, invalidReason: 'invalid_payload' });
      expect((await call('POST', '/settle', body)).body).toMatchObject({ success: false, network: 'solana-localnet', transaction: '' });
    });

    it('/verify: a session payload signed for another resource → resource_mismatch', async () => {
      const a = await call('POST', '/verify', v2Body({}, { resource: 'https://api.example/other' }));
      expect(a.body).toMatchObject({ isValid: false, invalidReason: 'resource_mismatch' });
    });

    it('/verify with a valid-looking payload reaches the bus; with no session-ledger it is unexpected_verify_error, not a 500', async () => {
      const a = await call('POST', '/verify', v2Body());
      expect(a.status).toBe(200);
      expect(a.body).toMatchObject({ isValid: false, invalidReason: 'unexpected_verify_error' });
    });

    it('/pay/*: malformed base64 header → 400 invalid_payload', async () => {
      for (const path of ['/pay/getAmount', '/pay/verify', '/pay/settle']) {
        const a = await call('POST', path, {
          paymentHeader: '%%%not-base64%%%',
          ...(path === '/pay/getAmount' ? {} : { paymentRequirements: requirements() }),
        });
        expect(a.status).toBe(400);
        expect(a.body['error']).toBe('invalid_payload');
      }
    });

    it('/pay/getAmount decodes a PAYMENT-SIGNATURE header', async () => {
      const header = Buffer.from(JSON.stringify(v2Body().paymentPayload)).toString('base64');
      const a = await call('POST', '/pay/getAmount', { paymentHeader: header });
      expect(a.status).toBe(200);
      expect(a.body).toEqual({ scheme: 'session', network: 'solana:localnet', asset: MINT, amount: '1000', payTo: PAY_TO, sessionId: 'sess_abc' });
    });

    it('/sessions: bad base64, non-canonical auth message, unknown fields → 400 typed', async () => {
      const good = {
        approveTx: Buffer.from('tx').toString('base64'),
        authMessage: '{"a":1}',
        authSignature: '5'.repeat(88),
        user: PAY_TO,
        sessionPublicKey: FACILITATOR,
        nonce: 'n1',
      };
      expect((await call('POST', '/sessions', { ...good, approveTx: 'not base64!' })).body['error']).toBe('invalid_request');
      expect((await call('POST', '/sessions', { ...good, extra: 1 })).body['error']).toBe('invalid_request');
      const a = await call('POST', '/sessions', good);
      expect(a.status).toBe(400);
      expect(a.body['error']).toBe('invalid_auth_message');
    });

    it('/sessions/:id: an id that cannot exist → 400; a well-formed one with no ledger → 503 dependency_unavailable', async () => {
      expect((await call('GET', '/sessions/bad%20id!')).status).toBe(400);
      const a = await call('GET', '/sessions/sess_unknown');
      expect(a.status).toBe(503);
      expect(a.body['error']).toBe('dependency_unavailable');
    });

    it('/private/payments/:id: bad id, missing or bad recipient → 400', async () => {
      expect((await call('GET', `/private/payments/0?recipient=${PAY_TO}`)).status).toBe(400);
      expect((await call('GET', `/private/payments/99999999999999999999?recipient=${PAY_TO}`)).status).toBe(400);
      expect((await call('GET', '/private/payments/42')).status).toBe(400);
      expect((await call('GET', '/private/payments/42?recipient=nope')).status).toBe(400);
      // Not decimal at all: the u63 bound must not run on it (it threw, answering 500).
      for (const id of ['abc', '1e5', '0x10', '%20']) {
        expect(await call('GET', `/private/payments/${id}?recipient=${PAY_TO}`), id).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
      }
    });

    it('unknown route → 404 typed JSON', async () => {
      const a = await call('GET', '/nope');
      expect(a.status).toBe(404);
      expect(a.body['error']).toBe('not_found');
    });
  });

  describe('API keys', () => {
    it('/verify, /settle, /pay/*, /private/payments need a known bearer key; /supported does not', async () => {
      for (const [method, path] of [
        ['POST', '/verify'],
        ['POST', '/settle'],
        ['POST', '/pay/verify'],
        ['GET', `/private/payments/42?recipient=${PAY_TO}`],
      ] as const) {
        const none = await fetch(`${base}${path}`, {
          method,
          headers: { 'content-type': 'application/json' },
          ...(method === 'POST' ? { body: JSON.stringify(v2Body()) } : {}),
        });
        expect(none.status).toBe(401);
        expect(await none.json()).toMatchObject({ error: 'unauthorized' });
        const wrong = await call(method, path, method === 'POST' ? v2Body() : undefined, { authorization: 'Bearer wrong' });
        expect(wrong.status).toBe(401);
      }
      expect((await fetch(`${base}/supported`)).status).toBe(200);
    });
  });

  describe('/openapi.json', () => {
    it('is OpenAPI 3.1 and describes every route', async () => {
      const { status, body } = await call('GET', '/openapi.json');
      expect(status).toBe(200);
      expect(body['openapi']).toBe('3.1.0');
      expect(Object.keys(body['paths'] as object).sort()).toEqual(
        [
          '/health',
          '/openapi.json',
          '/pay/getAmount',
          '/pay/settle',
          '/pay/verify',
          '/private/payments/{paymentId}',
          '/recipients/{address}',
          '/sessions',
          '/sessions/{id}',
          '/settle',
          '/settlements/{id}',
          '/supported',
          '/verify',
        ].sort(),
      );
    });
  });
});
