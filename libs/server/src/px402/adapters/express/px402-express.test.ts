import express from 'express';
import { createServer } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listenEphemeral } from '../../testing/http-server.fake';
import { IntegrationHarness } from '../../testing/integration-harness.fake';
import { Px402Options } from '../px402-options.types';
import { px402Express } from './px402-express.middleware';

const harness = new IntegrationHarness();
const closers: Array<() => Promise<void>> = [];

async function startApp(options: Px402Options): Promise<string> {
  const app = express();
  const router = express.Router();
  router.get('/weather', px402Express(options), (_req, res) => {
    res.json({ temperature: 21 });
  });
  app.use('/api', router);
  const { url, close } = await listenEphemeral(createServer(app));
  closers.push(close);
  return url;
}

function paid(id: string, token: string, forwardedFor = '198.51.100.10'): Record<string, string> {
  return { 'x-payment-id': id, 'x-payment-token': token, 'x-forwarded-for': forwardedFor };
}

async function quote(url: string): Promise<{ id: string; token: string }> {
  const res = await fetch(`${url}/api/weather`);
  expect(res.status).toBe(402);
  return { id: res.headers.get('x-payment-id')!, token: res.headers.get('x-payment-token')! };
}

describe('px402Express (real HTTP, real Redis, facilitator emulator)', () => {
  beforeAll(() => harness.start());
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });
  afterAll(() => harness.stop());

  it('402 → payment_pending → 200 with X-Payment-Signature, then 409 replay on another replica', async () => {
    const options = harness.options();
    const [first, second] = [await startApp(options), await startApp(options)];

    const initial = await fetch(`${first}/api/weather`);
    expect(initial.status).toBe(402);
    expect(initial.headers.get('x-payment-amount')).toBe('10000');
    expect(initial.headers.get('x-payment-currency')).toBe('USDC');
    expect(initial.headers.get('x-payment-network')).toBe('solana-per');
    expect(initial.headers.get('cache-control')).toBe('no-store');
    expect(await initial.json()).toMatchObject({ reason: 'payment_required' });
    const id = initial.headers.get('x-payment-id')!;
    const token = initial.headers.get('x-payment-token')!;

    const pending = await fetch(`${first}/api/weather`, { headers: paid(id, token) });
    expect(pending.status).toBe(402);
    expect(await pending.json()).toMatchObject({ reason: 'payment_pending' });

    const signature = harness.settle(id);
    const served = await fetch(`${first}/api/weather`, { headers: paid(id, token) });
    expect(served.status).toBe(200);
    expect(served.headers.get('x-payment-signature')).toBe(signature);
    expect(await served.json()).toEqual({ temperature: 21 });

    const replayed = await fetch(`${second}/api/weather`, { headers: paid(id, token) });
    expect(replayed.status).toBe(409);
    expect(await replayed.json()).toMatchObject({ reason: 'replay' });
  });

  it('answers 401 invalid_token for a tampered token', async () => {
    const url = await startApp(harness.options());
    const { id, token } = await quote(url);
    harness.settle(id);
    const tampered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    const res = await fetch(`${url}/api/weather`, { headers: paid(id, tampered) });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ reason: 'invalid_token' });
  });

  it('answers 402 expired with a fresh id and token after the TTL', async () => {
    const url = await startApp(harness.options());
    const { id, token } = await quote(url);
    harness.settle(id);
    harness.clock += 5 * 60 * 1000;
    try {
      const res = await fetch(`${url}/api/weather`, { headers: paid(id, token) });
      expect(res.status).toBe(402);
      expect(await res.json()).toMatchObject({ reason: 'expired' });
      expect(res.headers.get('x-payment-id')).not.toBe(id);
      expect(res.headers.get('x-payment-token')).not.toBe(token);
    } finally {
      harness.clock -= 5 * 60 * 1000;
    }
  });

  it('answers 402 amount_mismatch for half the price', async () => {
    const url = await startApp(harness.options());
    const { id, token } = await quote(url);
    harness.settle(id, 5_000n);
    const res = await fetch(`${url}/api/weather`, { headers: paid(id, token) });
    expect(res.status).toBe(402);
    expect(await res.json()).toMatchObject({ reason: 'amount_mismatch' });
  });

  it('answers 429 with Retry-After once a client exceeds the limit across two replicas', async () => {
    const options = harness.options(3);
    const [first, second] = [await startApp(options), await startApp(options)];
    const client = { 'x-forwarded-for': '203.0.113.50' };
    const statuses: number[] = [];
    for (const url of [first, second, first, second]) {
      statuses.push((await fetch(`${url}/api/weather`, { headers: client })).status);
    }
    expect(statuses).toEqual([402, 402, 402, 429]);

    const limited = await fetch(`${first}/api/weather`, { headers: client });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(await limited.json()).toMatchObject({ reason: 'rate_limited' });

    // Another client behind the same trusted proxy has its own budget.
    const other = await fetch(`${second}/api/weather`, { headers: { 'x-forwarded-for': '203.0.113.51' } });
    expect(other.status).toBe(402);
    expect((await harness.keys()).some((key) => key.includes('px402:rl:/api/weather|203.0.113.50'))).toBe(true);
  });

  it('lets an agent poll its quoted id 30 times in a minute across replicas while a second quote is 429; the fee-short settlement then pays', async () => {
    const options = harness.options(1);
    const [first, second] = [await startApp(options), await startApp(options)];
    const client = '203.0.113.60';
    const initial = await fetch(`${first}/api/weather/`, { headers: { 'x-forwarded-for': client } });
    expect(initial.status).toBe(402);
    const id = initial.headers.get('x-payment-id')!;
    const token = initial.headers.get('x-payment-token')!;
    expect((await fetch(`${second}/api/weather`, { headers: { 'x-forwarded-for': client } })).status).toBe(429);

    const statuses = new Set<number>();
    // A px402 agent's cadence while the crank settles (issue 11 point 8): every retry answered.
    for (let i = 0; i < 30; i++) statuses.add((await fetch(`${i % 2 ? first : second}/api/weather`, { headers: paid(id, token, client) })).status);
    expect([...statuses]).toEqual([402]);

    // The payments API kept its 0.1 %: 9990 of 10000 arrives, and it pays (token bound to the path without '/').
    const signature = harness.settle(id, 9_990n);
    const served = await fetch(`${first}/api/weather/`, { headers: paid(id, token, client) });
    expect([served.status, served.headers.get('x-payment-signature')]).toEqual([200, signature]);
  });
});
