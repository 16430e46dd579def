import express from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { px402Express } from '../adapters/express/px402-express.middleware';
import type { Px402Options } from '../adapters/px402-options.types';
import { listenEphemeral } from '../testing/http-server.fake';
import { IntegrationHarness } from '../testing/integration-harness.fake';
import { RedisRateLimiter } from './redis-rate-limiter';
import { RedisReplayStore } from './redis-replay-store';

// A port that was just bound and released: connecting to it is refused, as with a Redis that is down.
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const harness = new IntegrationHarness();
let down: Redis;
const closers: Array<() => Promise<void>> = [];

async function startApp(options: Px402Options): Promise<string> {
  const app = express();
  app.get('/weather', px402Express(options), (_req, res) => void res.json({ temperature: 21 }));
  const { url, close } = await listenEphemeral(createServer(app));
  closers.push(close);
  return url;
}

describe('px402 with its Redis down answers 503 dependency_unavailable, never 500', () => {
  beforeAll(async () => {
    await harness.start();
    // Offline queue off: commands fail at once instead of waiting for a reconnect (README's advice).
    down = new Redis({
      host: '127.0.0.1',
      port: await closedPort(),
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    down.on('error', () => undefined);
  });
  afterAll(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
    down.disconnect();
    await harness.stop();
  });

  it('rate limiter down: 503 with Retry-After before anything else is looked at', async () => {
    const url = await startApp({ ...harness.options(), rateLimiter: new RedisRateLimiter(down, { limit: 10, windowMs: 60_000 }) });
    const res = await fetch(`${url}/weather`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({ reason: 'dependency_unavailable' });
  });

  it('replay store down: a settled payment is not served (503, Retry-After), and is served once Redis answers again', async () => {
    const healthy = harness.options();
    const url = await startApp({ ...healthy, replay: new RedisReplayStore(down) });
    const quote = await fetch(`${url}/weather`);
    expect(quote.status).toBe(402);
    const id = quote.headers.get('x-payment-id') ?? '';
    const token = quote.headers.get('x-payment-token') ?? '';
    harness.settle(id);
    const headers = { 'x-payment-id': id, 'x-payment-token': token };

    const refused = await fetch(`${url}/weather`, { headers });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(await refused.json()).toMatchObject({ reason: 'dependency_unavailable' });

    // The failed attempt took no claim: the same payment with a working store is served once.
    const recovered = await startApp(healthy);
    const served = await fetch(`${recovered}/weather`, { headers });
    expect(served.status).toBe(200);
    expect(served.headers.get('x-payment-signature')).toBe(`sig-${id}`);
  });
});
