import { serve, ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntegrationHarness } from '../../testing/integration-harness.fake';
import { px402Hono } from './px402-hono.middleware';

const harness = new IntegrationHarness();
let server: ServerType | undefined;
let url = '';

describe('px402Hono (real HTTP via @hono/node-server, real Redis, facilitator emulator)', () => {
  beforeAll(async () => {
    await harness.start();
    const app = new Hono();
    app.get('/weather', px402Hono(harness.options(1)), (c) => c.json({ temperature: 21 }, 200, { 'x-app': 'kept' }));
    url = await new Promise<string>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(`http://127.0.0.1:${info.port}`));
    });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
    await harness.stop();
  });

  it('402 → payment_pending → 200 with X-Payment-Signature → 409 replay; then 429 for a second quote to the same client', async () => {
    const initial = await fetch(`${url}/weather`);
    expect(initial.status).toBe(402);
    expect(initial.headers.get('x-payment-address')).toBe('Wa11et1111111111111111111111111111111111111');
    const headers = {
      'x-payment-id': initial.headers.get('x-payment-id')!,
      'x-payment-token': initial.headers.get('x-payment-token')!,
    };

    const pending = await fetch(`${url}/weather`, { headers });
    expect([pending.status, ((await pending.json()) as { reason: string }).reason]).toEqual([402, 'payment_pending']);

    const signature = harness.settle(headers['x-payment-id']);
    const served = await fetch(`${url}/weather`, { headers });
    expect(served.status).toBe(200);
    expect(served.headers.get('x-payment-signature')).toBe(signature);
    expect(served.headers.get('x-app')).toBe('kept');
    expect(await served.json()).toEqual({ temperature: 21 });

    const replayed = await fetch(`${url}/weather`, { headers });
    expect(replayed.status).toBe(409);

    // No X-Forwarded-For: the loopback socket peer is the client. Its one quote used the quote
    // budget; the retries of the quoted id were counted apart (retryRateLimiter), so only a new quote is refused.
    const limited = await fetch(`${url}/weather`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^[1-9][0-9]*$/);
    // Loopback is a trusted proxy, so the client it forwards for has a budget of its own.
    const forwarded = await fetch(`${url}/weather`, { headers: { 'x-forwarded-for': '198.51.100.99' } });
    expect(forwarded.status).toBe(402);
  });
});
