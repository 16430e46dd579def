// Loads every subpath through `import` and serves a request through each framework's paywall against
// a facilitator that is down (answered 503 facilitator_unavailable): the adapters work from the
// subpath bundles alone, and share their error classes with the root entry.
import { createServer } from 'node:http';
import express from 'express';
import { Hono } from 'hono';
import * as root from '@quietpay/server';
import * as onExpress from '@quietpay/server/express';
import * as onHono from '@quietpay/server/hono';
import * as onNext from '@quietpay/server/next';

const dead = 'http://127.0.0.1:9'; // discard port: nothing answers
const options = { facilitatorUrl: dead, price: '0.01', payTo: '11111111111111111111111111111112' };
const paid = { headers: { 'payment-signature': 'e30=' } };

const app = express();
app.get('/paid', onExpress.sessionPaywallExpress(options), (_req, res) => res.json({ served: true }));
const server = await new Promise((resolve) => {
  const s = createServer(app).listen(0, '127.0.0.1', () => resolve(s));
});
const viaExpress = await fetch(`http://127.0.0.1:${server.address().port}/paid`, paid);
server.close();

const paywall = onHono.sessionPaywall(options);
const hono = new Hono().get('/paid', async (c) => {
  const decision = await paywall.decide(c.req.url, c.req.header('PAYMENT-SIGNATURE'));
  return decision.kind === 'reply' ? c.json(decision.reply.body, decision.reply.status, decision.reply.headers) : c.json({ served: true });
});
const viaHono = await hono.request('http://api.test/paid', paid);
const viaNext = await onNext.withSessionPaywall(async () => Response.json({ served: true }), options)(new Request('http://api.test/paid', paid));

const answer = async (res) => ({ status: res.status, error: (await res.json()).error });
console.log(
  JSON.stringify({
    loaded: ['express', 'hono', 'next'].map((entry) => import.meta.resolve(`@quietpay/server/${entry}`)),
    express: await answer(viaExpress),
    hono: await answer(viaHono),
    next: await answer(viaNext),
    sharedErrors: [onExpress, onHono, onNext].every(
      (m) => m.QuietpayError === root.QuietpayError && m.FacilitatorUnavailableError === root.FacilitatorUnavailableError,
    ),
    rootKept: typeof root.sessionPaywallExpress === 'function' && typeof root.px402Hono === 'function' && typeof root.withPx402 === 'function',
  }),
);
