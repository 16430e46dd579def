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

  it('still accepts a token one second before expiry', async () => {
    const q = await quote();
    now = T0 + 5 * 60 * 1000 - 1000;
    expect(answer(await decide(paid(q), deps)).body.reason).toBe('payment_pending');
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
    const token = signPaymentToken(
      { paymentId: '77', amount: '10000', expiry: T0 / 1000 + 60, path: '/weather', destination: 'Other' },
      secrets,
    );
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
