import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
// The fuzz drives the example px402 API as a seller deploys it (an app, which tests may not import otherwise).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createPrivateApiApp, loadPrivateApiConfig } from '@quietpay/example-private-api';
import { buildSessionPaymentPayload, FacilitatorClient, type SessionKind } from '@quietpay/sdk';
import { px402Hono, RedisRateLimiter, RedisReplayStore, facilitatorPaymentLookup } from '@quietpay/server';
import type { PaymentRequired } from '@quietpay/x402';
import { Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import fc from 'fast-check';
import { Hono } from 'hono';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSessionPayer, type SessionPayer } from '../support/session-payer';
import { type SessionStack, startSessionStack } from '../support/session-stack';
import { FuzzTally } from './fuzz-report';

// Property-based fuzzing of every gateway route and every px402 middleware route (examples/private-api
// on px402Express, and px402Hono) against the real stack: whatever arrives, the answer is never a 5xx,
// a refusal is typed JSON ({error}), and nothing moves (the fuzzed session's spent and status, the
// payer's and merchant's decrypted balances, the px402 replay set). Fixed seed and bounded count here;
// bench/fuzz runs the same file longer (FUZZ_RUNS) and writes bench/reports/fuzz.md (FUZZ_REPORT).

const SEED = Number(process.env['FUZZ_SEED'] ?? 20261204);
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 30);
const REPORT = process.env['FUZZ_REPORT'];
// Generous per route (a request is a few ms; a loaded 2-core CI machine is slow): not an assertion.
const ROUTE_TIMEOUT_MS = 120_000 + RUNS * 2_000;

interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

let stack: SessionStack;
let kind: SessionKind;
let payer: SessionPayer;
let redis: Redis;
let privateApiUrl = '';
let honoUrl = '';
const pxPrefix = `fuzz:px402:${randomUUID()}:`;
const servers: { close(): void }[] = [];
const tally = new FuzzTally();
const started = Date.now();

// Strings an attacker would try: empty, huge, numeric edge cases, traversal, encodings, markup, unicode.
const junk = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(
      '',
      '0',
      '-1',
      '1e5',
      '0x10',
      'abc',
      '99999999999999999999',
      '9223372036854775808',
      'NaN',
      'null',
      '../../etc/passwd',
      '%00',
      '%zz',
      '<script>',
      ' ',
      'a'.repeat(5000),
    ),
    fc.stringMatching(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/),
  );
const anyValue = (): fc.Arbitrary<unknown> => fc.oneof(junk(), fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined));
const rawBody = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
    junk(),
  );

/**
 * A structurally valid body whose signature is by a stranger's key: it reaches the ledger and is
 * refused there. Every body gets its own copy of the requirements: the field edits below delete
 * and replace nested values, and on the shared object they would corrupt every later input.
 */
function forgedBody(): Record<string, unknown> {
  const requirements = structuredClone(payer.requirements);
  const required: PaymentRequired = { x402Version: 2, resource: { url: `https://fuzz.quietpay.test/${randomUUID()}` }, accepts: [requirements] };
  const payload = buildSessionPaymentPayload(required, requirements, payer.sessionId, Keypair.generate().secretKey);
  return { x402Version: 2, paymentPayload: structuredClone(payload), paymentRequirements: structuredClone(requirements) };
}

/** A real payment by the session key, in a body of its own (nothing shared with `payer`). */
function signedBody(): Record<string, unknown> {
  return { x402Version: 2, paymentPayload: structuredClone(payer.payload()), paymentRequirements: structuredClone(payer.requirements) };
}

const BODY_PATHS: readonly (readonly string[])[] = [
  ['x402Version'],
  ['paymentPayload'],
  ['paymentPayload', 'x402Version'],
  ['paymentPayload', 'payload', 'sessionId'],
  ['paymentPayload', 'payload', 'amount'],
  ['paymentPayload', 'payload', 'nonce'],
  ['paymentPayload', 'payload', 'resource'],
  ['paymentPayload', 'payload', 'payTo'],
  ['paymentPayload', 'payload', 'sig'],
  ['paymentPayload', 'accepted', 'amount'],
  ['paymentPayload', 'accepted', 'network'],
  ['paymentPayload', 'extensions'],
  ['paymentPayload', 'extensions', 'payment-identifier'],
  ['paymentRequirements'],
  ['paymentRequirements', 'scheme'],
  ['paymentRequirements', 'network'],
  ['paymentRequirements', 'asset'],
  ['paymentRequirements', 'amount'],
  ['paymentRequirements', 'payTo'],
  ['paymentRequirements', 'extra'],
];

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node: Record<string, unknown> = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

// The signed fields of a session payment; a mutation of any of them must break the session key's signature.
const SIGNED_FIELDS = ['amount', 'nonce', 'resource', 'payTo', 'sessionId'] as const;

/** Values that keep a field well-formed (so the body schema passes) or not. */
const fieldValue = (): fc.Arbitrary<string> =>
  fc.oneof(
    junk(),
    fc.bigInt({ min: 0n, max: 2n ** 70n }).map(String),
    fc.stringMatching(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/),
    fc.uuid().map((u) => `sess_${u}`),
    fc.uuid().map((u) => `https://quietpay.test/${u}`),
  );

/**
 * A payment the session key really signed, then one signed field changed (never to its own
 * value) or its signature's bytes flipped: structurally valid, so it passes the body schema and
 * reaches the ledger, which must refuse it.
 */
const mutatedSignedBody = (): fc.Arbitrary<Record<string, unknown>> =>
  fc.oneof(
    fc.tuple(fc.constantFrom(...SIGNED_FIELDS), fieldValue()).map(([field, value]) => {
      const body = signedBody();
      const payload = (body['paymentPayload'] as { payload: Record<string, unknown> }).payload;
      payload[field] = value === payload[field] ? `${value}x` : value;
      return body;
    }),
    fc.tuple(fc.nat(63), fc.integer({ min: 1, max: 255 })).map(([index, mask]) => {
      const body = signedBody();
      const payload = (body['paymentPayload'] as { payload: Record<string, unknown> }).payload;
      const sig = Buffer.from(bs58.decode(String(payload['sig'])));
      sig[index % sig.length] = sig[index % sig.length]! ^ mask;
      payload['sig'] = bs58.encode(sig);
      return body;
    }),
  );

/**
 * Validly signed by the session key, with terms the session does not allow (another recipient,
 * an amount past the cap): the signature holds, the ledger's script refuses.
 */
const refusedTermsBody = (): fc.Arbitrary<Record<string, unknown>> =>
  fc.oneof(
    fc.constant(null).map(() => ({ x402Version: 2, ...payer.signedWith({ payTo: Keypair.generate().publicKey.toBase58() }) })),
    fc.bigInt({ min: 10n ** 12n, max: 2n ** 63n }).map((amount) => ({ x402Version: 2, ...payer.signedWith({ amount: amount.toString() }) })),
  );

/**
 * The x402 body with one to three fields replaced, a real payment with one signed field mutated,
 * an intact payment signed by a stranger's key, one the session key signed with refused terms, or
 * a body that is not x402 at all.
 */
const facilitatorBody = (): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 2,
      arbitrary: fc.array(fc.tuple(fc.constantFrom(...BODY_PATHS), anyValue()), { minLength: 1, maxLength: 3 }).map((edits) => {
        const body = forgedBody();
        for (const [path, value] of edits) setPath(body, path, value);
        return JSON.stringify(body);
      }),
    },
    { weight: 3, arbitrary: mutatedSignedBody().map((b) => JSON.stringify(b)) },
    { weight: 1, arbitrary: fc.constant(null).map(() => JSON.stringify(forgedBody())) },
    { weight: 1, arbitrary: refusedTermsBody().map((b) => JSON.stringify(b)) },
    { weight: 1, arbitrary: rawBody() },
  );

const seg = (): fc.Arbitrary<string> => junk().map((s) => encodeURIComponent(s));
const json = (body: fc.Arbitrary<string>) => body.map((b) => ({ body: b, headers: { 'content-type': 'application/json' } }));

/** Every gateway route with inputs for its path, query and body. */
const GATEWAY_ROUTES: Readonly<Record<string, () => fc.Arbitrary<FuzzRequest>>> = {
  'POST /verify': () => json(facilitatorBody()).map((r) => ({ method: 'POST', path: '/verify', ...r })),
  'POST /settle': () => json(facilitatorBody()).map((r) => ({ method: 'POST', path: '/settle', ...r })),
  'POST /sessions': () => json(rawBody()).map((r) => ({ method: 'POST', path: '/sessions', ...r })),
  'GET /sessions/:id': () => seg().map((id) => ({ method: 'GET', path: `/sessions/${id}` })),
  'DELETE /sessions/:id': () =>
    fc
      .tuple(fc.oneof(fc.constant(payer.sessionId), seg()), fc.record({ reason: anyValue(), timestampUnix: anyValue(), signature: anyValue() }))
      .map(([id, body]) => ({ method: 'DELETE', path: `/sessions/${id}`, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })),
  'GET /settlements/:id': () =>
    fc
      .oneof(
        seg(),
        seg().map((s) => `${payer.sessionId}.${s}`),
      )
      .map((id) => ({ method: 'GET', path: `/settlements/${id}` })),
  'GET /private/payments/:id': () =>
    fc.tuple(seg(), seg()).map(([id, recipient]) => ({ method: 'GET', path: `/private/payments/${id}?recipient=${recipient}` })),
  'POST /pay/getAmount': () => json(rawBody()).map((r) => ({ method: 'POST', path: '/pay/getAmount', ...r })),
  'POST /pay/verify': () => json(rawBody()).map((r) => ({ method: 'POST', path: '/pay/verify', ...r })),
  'POST /pay/settle': () => json(rawBody()).map((r) => ({ method: 'POST', path: '/pay/settle', ...r })),
  'GET /recipients/:address': () =>
    fc
      .oneof(seg(), fc.constant(stack.wallets.merchant.publicKey.toBase58()), fc.stringMatching(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/))
      .map((a) => ({ method: 'GET', path: `/recipients/${a}` })),
  'GET /supported': () => seg().map((q) => ({ method: 'GET', path: `/supported?${q}=${q}` })),
  'GET /openapi.json': () => seg().map((q) => ({ method: 'GET', path: `/openapi.json?q=${q}` })),
  'GET /health': () => seg().map((q) => ({ method: 'GET', path: `/health?q=${q}` })),
};

/** px402 requests: a quote's id and token replayed, tampered or replaced, from any claimed client address. */
const px402Request = (path: string): fc.Arbitrary<FuzzRequest> =>
  fc
    .record({
      id: fc.oneof(junk(), fc.bigInt({ min: 0n, max: 2n ** 64n }).map(String)),
      token: junk(),
      forwardedFor: fc.oneof(junk(), fc.ipV4(), fc.ipV6()),
      query: seg(),
    })
    .map(({ id, token, forwardedFor, query }) => ({
      method: 'GET',
      path: `${path}?q=${query}`,
      headers: { 'x-payment-id': headerSafe(id), 'x-payment-token': headerSafe(token), 'x-forwarded-for': headerSafe(forwardedFor) },
    }));

/** fetch refuses header values outside visible latin-1; a proxy would too. */
function headerSafe(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '?').trim();
}

/**
 * One request on a fresh connection (node:http, no agent): a kept-alive socket the server closed
 * while idle would fail the request for a reason that is not the input's.
 */
function exchange(url: string, request: FuzzRequest): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    // A declared length, as fetch sends: Node's own parser refuses a chunked DELETE body before the app sees it.
    const length = request.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(request.body)) };
    const req = httpRequest(url, { method: request.method, agent: false, headers: { ...request.headers, ...length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(request.body);
  });
}

async function send(base: string, route: string, request: FuzzRequest): Promise<void> {
  const { status, text } = await exchange(`${base}${request.path}`, request);
  tally.record(route, status);
  expect(status, `${route} ${request.path.slice(0, 200)} ${(request.body ?? '').slice(0, 300)} -> ${text.slice(0, 300)}`).toBeLessThan(500);
  if (status >= 400 && status !== 402) {
    // The gateway's refusals carry `error`; px402's carry `reason` (its wire format).
    const body = JSON.parse(text) as { error?: unknown; reason?: unknown };
    expect(typeof body.error === 'string' || typeof body.reason === 'string', `${route} answers typed JSON: ${text.slice(0, 200)}`).toBe(true);
  }
  if (route === 'POST /settle' && status === 200) {
    const answer = JSON.parse(text) as { success: boolean; errorReason?: string };
    expect(answer.success).toBe(false);
    tally.recordReason(route, answer.errorReason ?? '');
  }
  if (route === 'POST /verify' && status === 200) {
    const answer = JSON.parse(text) as { isValid: boolean; invalidReason?: string };
    expect(answer.isValid).toBe(false);
    tally.recordReason(route, answer.invalidReason ?? '');
  }
}

async function fuzz(base: string, route: string, arbitrary: fc.Arbitrary<FuzzRequest>): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arbitrary, (request) => send(base, route, request)),
    { seed: SEED, numRuns: RUNS },
  );
}

async function state(): Promise<Record<string, string>> {
  const session = await new FacilitatorClient(stack.gatewayUrl).session(payer.sessionId);
  return {
    spent: session.spent,
    status: session.status ?? '',
    agent: String(await stack.balanceOf(stack.wallets.agent)),
    merchant: String(await stack.balanceOf(stack.wallets.merchant)),
  };
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

let before: Record<string, string>;

beforeAll(async () => {
  stack = await startSessionStack();
  kind = await new FacilitatorClient(stack.gatewayUrl).sessionKind();
  payer = await openSessionPayer(stack, kind, stack.wallets.agent, stack.wallets.merchant, 10_000n);
  redis = new Redis('redis://127.0.0.1:6379');
  const merchant = stack.wallets.merchant.publicKey.toBase58();
  const secret = `fuzz-secret-${randomUUID()}-${randomUUID()}`;
  const config = loadPrivateApiConfig({
    FACILITATOR_URL: stack.gatewayUrl,
    MERCHANT_WALLET: merchant,
    PX402_HMAC_SECRET_CURRENT: secret,
    REDIS_PREFIX: pxPrefix,
    RATE_LIMIT_PER_MINUTE: '1000000',
  });
  const privateApi = createServer(createPrivateApiApp(config, { redis }));
  servers.push(privateApi);
  privateApiUrl = await listen(privateApi);
  const hono = new Hono();
  hono.get(
    '/weather',
    px402Hono({
      price: { amount: 10_000n, destination: merchant, description: 'weather' },
      secrets: { current: secret },
      lookup: facilitatorPaymentLookup(stack.gatewayUrl),
      replay: new RedisReplayStore(redis, { prefix: pxPrefix }),
      rateLimiter: new RedisRateLimiter(redis, { limit: 1_000_000, windowMs: 60_000, prefix: pxPrefix }),
    }),
    (c) => c.json({ temperature: 21 }),
  );
  honoUrl = await new Promise<string>((resolve) => {
    const server: ServerType = serve({ fetch: hono.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(`http://127.0.0.1:${info.port}`));
    servers.push(server);
  });
  before = await state();
}, 300_000);

afterAll(async () => {
  for (const server of servers) server.close();
  if (redis) {
    const keys = await redis.keys(`${pxPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
  await stack?.stop();
  if (REPORT) {
    tally.write(REPORT, {
      seed: SEED,
      runsPerRoute: RUNS,
      command: `npm run build && FUZZ_RUNS=${RUNS} FUZZ_SEED=${SEED} node bench/fuzz/run.mjs`,
      elapsedMs: Date.now() - started,
    });
  }
}, 60_000);

describe('fuzz: no input makes a gateway or px402 route answer 5xx or move anything', () => {
  for (const [route, arbitrary] of Object.entries(GATEWAY_ROUTES)) {
    it(
      `gateway ${route}`,
      async () => {
        await fuzz(stack.gatewayUrl, route, arbitrary());
      },
      ROUTE_TIMEOUT_MS,
    );
  }

  for (const path of ['/api/sentiment', '/api/whales', '/api/risk']) {
    it(
      `examples/private-api (px402Express) GET ${path}`,
      async () => {
        await fuzz(privateApiUrl, `px402 express GET ${path}`, px402Request(path));
      },
      ROUTE_TIMEOUT_MS,
    );
  }

  it(
    'px402Hono GET /weather',
    async () => {
      await fuzz(honoUrl, 'px402 hono GET /weather', px402Request('/weather'));
    },
    ROUTE_TIMEOUT_MS,
  );

  it('left every balance, the session and the px402 replay set as they were, with 0 answers in 5xx', async () => {
    expect(tally.serverErrors()).toBe(0);
    // The payload-level inputs got past the body schema to the ledger's own refusals.
    for (const route of ['POST /verify', 'POST /settle']) {
      const reasons = tally.reasonsOf(route);
      expect(reasons.get('bad_session_signature') ?? 0, `${route} reasons ${JSON.stringify([...reasons])}`).toBeGreaterThan(0);
    }
    expect(await state()).toEqual(before);
    expect(await redis.keys(`${pxPrefix}px402:replay:*`)).toEqual([]);
  }, 120_000);
});
