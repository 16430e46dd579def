import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidOptionError, QuietpayError } from '@quietpay/x402';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentMiddleware } from '../../routes/payment-middleware.express';
import { sessionPaywallExpress } from './session-paywall-express.middleware';

const PAY_TO = '11111111111111111111111111111112';

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error instanceof QuietpayError && error.code === 'invalid_option' && !error.retryable).toBe(true);
    return (error as InvalidOptionError).field;
  }
  throw new Error('expected an InvalidOptionError');
}

describe('paywall options are checked at startup', () => {
  const valid = { facilitatorUrl: 'http://127.0.0.1:4021', price: '0.5', payTo: PAY_TO };
  it.each([
    ['price', { price: '0.5 USDC' }, '"0.5 USDC"'],
    ['price', { price: -1 }, '-1'],
    ['price', { price: '0' }, '"0"'],
    ['payTo', { payTo: 'merchant' }, '"merchant"'],
    ['facilitatorUrl', { facilitatorUrl: '127.0.0.1:4021' }, '"127.0.0.1:4021"'],
    ['maxTimeoutSeconds', { maxTimeoutSeconds: 0 }, '0'],
    ['settle', { settle: 'later' }, '"later"'],
  ] as const)('names %s and its value', (field, patch, shown) => {
    let message = '';
    expect(
      fieldOf(() => {
        try {
          sessionPaywallExpress({ ...valid, ...(patch as object) });
        } catch (e) {
          message = (e as Error).message;
          throw e;
        }
      }),
    ).toBe(field);
    expect(message).toContain(shown);
  });

  it('names the route whose price is wrong in a route map', () => {
    expect(
      fieldOf(() =>
        paymentMiddleware({ 'POST /chat': { scheme: 'session', price: '1 USDC' } }, { session: { facilitatorUrl: valid.facilitatorUrl, payTo: PAY_TO } }),
      ),
    ).toBe('routes["POST /chat"].price');
    expect(
      fieldOf(() =>
        paymentMiddleware({ 'FETCH /chat': { scheme: 'session', price: '1' } }, { session: { facilitatorUrl: valid.facilitatorUrl, payTo: PAY_TO } }),
      ),
    ).toBe('routes["FETCH /chat"]');
    expect(fieldOf(() => paymentMiddleware({ '/chat': { scheme: 'private', price: 10_000n } }, {}))).toBe('private');
    expect(fieldOf(() => paymentMiddleware({ '/chat': { scheme: 'cash', price: 1 } as never }, {}))).toBe('routes["/chat"].scheme');
  });
});

describe('a facilitator outage', () => {
  let server: Server;
  let baseUrl: string;
  let handlerRuns = 0;

  beforeAll(async () => {
    // A port nothing listens on: bind, read, close.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const deadPort = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const app = express();
    app.get('/paid', sessionPaywallExpress({ facilitatorUrl: `http://127.0.0.1:${deadPort}`, price: '0.5', payTo: PAY_TO }), (_req, res) => {
      handlerRuns += 1;
      res.json({ ok: true });
    });
    server = await new Promise((resolve) => {
      const s = createServer(app).listen(0, '127.0.0.1', () => resolve(s));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('answers 503 JSON with a typed reason and Retry-After, and never runs the handler', async () => {
    const res = await fetch(`${baseUrl}/paid`, { headers: { 'payment-signature': 'e30=' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toMatchObject({ error: 'facilitator_unavailable', phase: 'supported', retryable: true });
    expect(handlerRuns).toBe(0);
  });
});
