import { beforeEach, describe, expect, it } from 'vitest';
import { PaymentLookupError } from '../ports/payment-lookup.port';
import { InMemoryRateLimiter } from '../testing/in-memory-rate-limiter.fake';
import { InMemoryReplayStore } from '../testing/in-memory-replay-store.fake';
import { ScriptedPaymentLookup } from '../testing/scripted-payment-lookup.fake';
import { signPaymentToken } from '../token/payment-token.codec';
import { decide } from './decide.usecase';
import { Px402Answer, Px402Decision, Px402Request, DecideDeps } from './px402-request.types';

const WALLET = 'Wa11et1111111111111111111111111111111111111';
const T0 = 1_800_000_000_000;
const secrets = { current: 's'.repeat(32) };

function answer(decision: Px402Decision): Px402Answer {
  if (decision.kind !== 'answer') throw new Error(`expected an answer, got ${decision.kind}`);
  return decision;
}

describe('decide', () => {
  let lookup: ScriptedPaymentLookup;
  let replay: InMemoryReplayStore;
  let now: number;
  let nextId: number;
  let deps: DecideDeps;

  const request = (headers: Record<string, string> = {}, path = '/weather'): Px402Request => ({
    method: 'GET',
    path,
    headers,
    clientIp: '203.0.113.7',
  });

  async function quote(): Promise<{ id: string; token: string }> {
    const first = answer(await decide(request(), deps));
    return { id: first.headers['X-Payment-Id']!, token: first.headers['X-Payment-Token']! };
  }
  const paid = (q: { id: string; token: string }) => request({ 'x-payment-id': q.id, 'x-payment-token': q.token });

  beforeEach(() => {
    lookup = new ScriptedPaymentLookup();
    replay = new InMemoryReplayStore();
    now = T0;
    nextId = 1000;
    deps = {
      price: { amount: 10_000n, destination: WALLET, description: 'weather' },
      secrets,
      lookup,
      replay,
      now: () => now,
      newPaymentId: () => String(nextId++),
    };
  });

  it('says X-Payment-Parts: sum only when its lookup sums every settlement of an id', async () => {
    expect(answer(await decide(request(), deps)).headers['X-Payment-Parts']).toBeUndefined();
    lookup.sumsParts = true;
    expect(answer(await decide(request(), deps)).headers['X-Payment-Parts']).toBe('sum');
  });

  it('answers 402 with the px402 quote headers when no payment is offered', async () => {
    const first = answer(await decide(request(), deps));
    expect(first.status).toBe(402);
    expect(first.headers).toMatchObject({
      'X-Payment-Amount': '10000',
      'X-Payment-Currency': 'USDC',
      'X-Payment-Network': 'solana-per',
      'X-Payment-Address': WALLET,
      'X-Payment-Id': '1000',
      'Cache-Control': 'no-store',
    });
    expect(first.headers['X-Payment-Token']).toMatch(/^v1\./);
    expect(first.body).toMatchObject({ reason: 'payment_required', amount: '10000', description: 'weather' });
    // px402's field names beside quietpay's: `error` is the code, expiry in epoch ms.
    expect(first.body).toMatchObject({
      error: 'payment_required',
      currency: 'USDC',
      network: 'solana-per',
      destination: WALLET,
      paymentId: '1000',
      expiry: T0 + 5 * 60 * 1000,
    });
  });

  it('uses random non-zero decimal ids by default', async () => {
    const { newPaymentId: _omit, ...randomDeps } = deps;
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) ids.add(answer(await decide(request(), randomDeps)).headers['X-Payment-Id']!);
    expect(ids.size).toBe(20);
    for (const id of ids) expect(id).toMatch(/^[1-9][0-9]*$/);
  });

  it('answers 402 payment_pending with the same quote until the payment is observed', async () => {
    const q = await quote();
    const pending = answer(await decide(paid(q), deps));
    expect(pending.status).toBe(402);
    expect(pending.body.reason).toBe('payment_pending');
    expect(pending.headers['X-Payment-Id']).toBe(q.id);
    expect(pending.headers['X-Payment-Token']).toBe(q.token);
    expect(replay.claimed.size).toBe(0);
  });

  it('serves a settled payment once with its signature, then answers 409 replay', async () => {
    const q = await quote();
    lookup.payments.set(q.id, { status: 'found', amount: '10000', destination: WALLET, signature: 'sig1' });
    const served = await decide(paid(q), deps);
    expect(served).toEqual({
      kind: 'serve',
      paymentId: q.id,
      signature: 'sig1',
      headers: { 'X-Payment-Signature': 'sig1' },
    });
    expect(lookup.queries[0]).toEqual({ paymentId: q.id, destination: WALLET });
    const again = answer(await decide(paid(q), deps));
    expect([again.status, again.body.reason]).toEqual([409, 'replay']);
  });

  it('accepts an overpayment', async () => {
    const q = await quote();
    lookup.payments.set(q.id, { status: 'found', amount: '20000', destination: WALLET, signature: 'sig' });
    expect((await decide(paid(q), deps)).kind).toBe('serve');
  });

  it('answers 402 amount_mismatch for an underpayment and does not burn the id', async () => {
    const q = await quote();
    lookup.payments.set(q.id, { status: 'found', amount: '5000', destination: WALLET, signature: 'sig' });
    // (above the fee tolerance: see "price tolerance")
    const short = answer(await decide(paid(q), deps));
    expect([short.status, short.body.reason]).toEqual([402, 'amount_mismatch']);
    expect(replay.claimed.size).toBe(0);
  });

  it('answers 401 destination_mismatch when the payment went elsewhere', async () => {
    const q = await quote();
    lookup.payments.set(q.id, { status: 'found', amount: '10000', destination: 'Other', signature: 'sig' });
    const wrong = answer(await decide(paid(q), deps));
    expect([wrong.status, wrong.body.reason]).toEqual([401, 'destination_mismatch']);
  });

  it('answers 402 expired with a fresh id and token once the token lapsed', async () => {
    const q = await quote();
    now = T0 + 5 * 60 * 1000;
    const expired = answer(await decide(paid(q), deps));
    expect([expired.status, expired.body.reason]).toEqual([402, 'expired']);
    expect(expired.headers['X-Payment-Id']).not.toBe(q.id);
    expect(expired.headers['X-Payment-Token']).not.toBe(q.token);
    expect(lookup.queries).toHaveLength(0);
  });

  it('mints expiry in epoch ms and honours it to the millisecond (px402: dead when now >= expiry)', async () => {
    const q = await quote();
    const claims = JSON.parse(Buffer.from(q.token.split('.')[1]!, 'base64url').toString()) as { expiry: number };
    expect(claims.expiry).toBe(T0 + 5 * 60 * 1000);
    now = claims.expiry - 1;
    expect(answer(await decide(paid(q), deps)).body).toMatchObject({ reason: 'payment_pending', error: 'payment_pending' });
    now = claims.expiry;
    expect(answer(await decide(paid(q), deps)).body).toMatchObject({ reason: 'expired', error: 'payment_required' });
  });

  describe('tokens minted before the move to epoch ms (expiry in seconds)', () => {
    const legacy = (expirySeconds: number) =>
      signPaymentToken({ paymentId: '55', amount: '10000', expiry: expirySeconds, path: '/weather', destination: WALLET }, secrets);

    it('verify until their expiry and expire on time', async () => {
      const token = legacy(T0 / 1000 + 60);
      now = T0 + 59_999;
      expect(answer(await decide(paid({ id: '55', token }), deps)).body.reason).toBe('payment_pending');
      now = T0 + 60_000;
      expect(answer(await decide(paid({ id: '55', token }), deps)).body.reason).toBe('expired');
    });

    it('are refused when they claim to live longer than one token TTL (plus skew): no honest one can', async () => {
      const token = legacy(T0 / 1000 + 5 * 60 + 61);
      expect(answer(await decide(paid({ id: '55', token }), deps)).body.reason).toBe('invalid_token');
    });

    it('are refused once legacySecondsTokens is off (after the migration window)', async () => {
      const token = legacy(T0 / 1000 + 60);
      expect(answer(await decide(paid({ id: '55', token }), { ...deps, legacySecondsTokens: false })).body.reason).toBe('invalid_token');
    });
  });

  it('binds tokens to the path without a trailing slash, as px402 does', async () => {
    const first = answer(await decide(request({}, '/weather/'), deps));
    const q = { id: first.headers['X-Payment-Id']!, token: first.headers['X-Payment-Token']! };
    expect(answer(await decide(paid(q), deps)).body.reason).toBe('payment_pending');
    expect(answer(await decide({ ...paid(q), path: '/weather/' }, deps)).body.reason).toBe('payment_pending');
    expect(answer(await decide({ ...paid(q), path: '/' }, deps)).body.reason).toBe('path_mismatch');
  });

  describe('price tolerance (the payments API delivers the amount minus its 0.1 % fee)', () => {
    const settled = async (amount: string, over: Partial<DecideDeps> = {}): Promise<Px402Decision> => {
      const q = await quote();
      lookup.payments.set(q.id, { status: 'found', amount, destination: WALLET, signature: `sig-${amount}` });
      return decide(paid(q), { ...deps, ...over });
    };

    it('by default accepts the price minus the fee (9990 for 10000) and nothing less', async () => {
      expect((await settled('9990')).kind).toBe('serve');
      const short = answer(await settled('9989'));
      expect([short.status, short.body.error, short.body.expected, short.body.actual]).toEqual([402, 'amount_mismatch', '10000', '9989']);
    });

    it("is configurable: 100 bps is px402's ≥ 99 % rule, 0 demands the full price", async () => {
      expect((await settled('9900', { priceToleranceBps: 100 })).kind).toBe('serve');
      expect(answer(await settled('9899', { priceToleranceBps: 100 })).body.reason).toBe('amount_mismatch');
      expect(answer(await settled('9999', { priceToleranceBps: 0 })).body.reason).toBe('amount_mismatch');
    });
  });

  describe('rate limits: new quotes and retries of a quoted payment id are counted apart', () => {
    it('keeps answering a paid id past the quote limit, under its own larger limit keyed by payment id', async () => {
      const quotes = new InMemoryRateLimiter(1, 1000);
      const retries = new InMemoryRateLimiter(30, 1000);
      const limited = { ...deps, rateLimiter: quotes, retryRateLimiter: retries };
      const first = answer(await decide(request(), limited));
      const q = { id: first.headers['X-Payment-Id']!, token: first.headers['X-Payment-Token']! };
      expect(answer(await decide(request(), limited)).status).toBe(429);
      for (let i = 0; i < 30; i++) expect(answer(await decide(paid(q), limited)).body.reason).toBe('payment_pending');
      expect(answer(await decide(paid(q), limited)).status).toBe(429);
      expect([...retries.hits.keys()]).toEqual([`/weather|${q.id}`]);
    });

    it('counts requests with a forged or unknown token against the quote limit', async () => {
      const quotes = new InMemoryRateLimiter(1, 1000);
      const limited = { ...deps, rateLimiter: quotes, retryRateLimiter: new InMemoryRateLimiter(100, 1000) };
      const forged = request({ 'x-payment-id': '1', 'x-payment-token': 'v1.x.y' });
      expect(answer(await decide(forged, limited)).status).toBe(401);
      expect(answer(await decide(forged, limited)).status).toBe(429);
    });
  });

  it("answers every refusal with px402's `error` field beside quietpay's `reason`", async () => {
    const q = await quote();
    lookup.failWith = new PaymentLookupError('facilitator down');
    expect(answer(await decide(paid(q), deps)).body).toMatchObject({ error: 'rpc_error', reason: 'rpc_error', detail: expect.any(String) });
    expect(answer(await decide(paid({ ...q, id: '1' }), deps)).body).toMatchObject({ error: 'payment_id_mismatch', reason: 'payment_id_mismatch' });
  });

  it.each([
    ['only an id', { 'x-payment-id': '1000' }],
    ['only a token', { 'x-payment-token': 'v1.x.y' }],
    ['garbage token', { 'x-payment-id': '1000', 'x-payment-token': 'v1.%%%.***' }],
  ])('answers 401 invalid_token for %s', async (_label, headers) => {
    const refused = answer(await decide(request(headers), deps));
    expect([refused.status, refused.body.reason]).toEqual([401, 'invalid_token']);
  });

  it('answers 401 invalid_token for a token signed with another secret', async () => {
    const q = await quote();
    const foreign = { ...deps, secrets: { current: 'x'.repeat(32) } };
    expect(answer(await decide(paid(q), foreign)).body.reason).toBe('invalid_token');
  });

  it('answers 401 payment_id_mismatch for an id the token does not name', async () => {
    const q = await quote();
    const refused = answer(await decide(paid({ ...q, id: '1001' }), deps));
    expect([refused.status, refused.body.reason]).toEqual([401, 'payment_id_mismatch']);
  });

  it('answers 401 path_mismatch for a token issued on another path', async () => {
    const q = await quote();
    const other = { ...paid(q), path: '/stocks' };
    expect(answer(await decide(other, deps)).body.reason).toBe('path_mismatch');
  });

  it('answers 401 amount_changed when the price changed after the quote', async () => {
    const q = await quote();
    const repriced = { ...deps, price: { ...deps.price, amount: 20_000 } };
    expect(answer(await decide(paid(q), repriced)).body.reason).toBe('amount_changed');
  });

  it('answers 401 destination_mismatch when the token names another wallet', async () => {
    const token = signPaymentToken({ paymentId: '77', amount: '10000', expiry: T0 + 60_000, path: '/weather', destination: 'Other' }, secrets);
    const refused = answer(await decide(paid({ id: '77', token }), deps));
    expect([refused.status, refused.body.reason]).toEqual([401, 'destination_mismatch']);
  });

  it('answers 503 rpc_error when the lookup cannot tell', async () => {
    const q = await quote();
    lookup.failWith = new PaymentLookupError('facilitator down');
    const down = answer(await decide(paid(q), deps));
    expect([down.status, down.body.reason]).toEqual([503, 'rpc_error']);
  });

  it('lets unexpected lookup failures propagate', async () => {
    const q = await quote();
    lookup.failWith = new TypeError('bug');
    await expect(decide(paid(q), deps)).rejects.toThrow(TypeError);
  });

  it('answers 429 with Retry-After in whole seconds once the limiter refuses', async () => {
    const limited = { ...deps, rateLimiter: new InMemoryRateLimiter(2, 1500) };
    expect(answer(await decide(request(), limited)).status).toBe(402);
    expect(answer(await decide(request(), limited)).status).toBe(402);
    const refused = answer(await decide(request(), limited));
    expect(refused.status).toBe(429);
    expect(refused.headers['Retry-After']).toBe('2');
    expect(refused.body.reason).toBe('rate_limited');
  });

  it('rate-limits per client IP and route', async () => {
    const limiter = new InMemoryRateLimiter(1, 1000);
    const limited = { ...deps, rateLimiter: limiter };
    await decide(request(), limited);
    await decide({ ...request(), clientIp: '198.51.100.1' }, limited);
    await decide(request({}, '/stocks'), limited);
    expect([...limiter.hits.values()]).toEqual([1, 1, 1]);
  });
});
