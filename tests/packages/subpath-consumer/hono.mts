// A Hono app that imports only @quietpay/server/hono.
import { Hono } from 'hono';
import { px402Hono, sessionPaywall, type PaywallDecision } from '@quietpay/server/hono';

const paywall = sessionPaywall({ facilitatorUrl: 'http://127.0.0.1:1', price: '0.01', payTo: 'merchant' });
const app = new Hono();
app.post('/chat', async (c) => {
  const decision: PaywallDecision = await paywall.decide(c.req.url, c.req.header('PAYMENT-SIGNATURE'));
  if (decision.kind === 'reply') return c.json(decision.reply.body as object, decision.reply.status as 402, decision.reply.headers);
  return c.json({ ok: true });
});
export const middleware = px402Hono;
// @ts-expect-error decide takes the URL and the header
void paywall.decide(1);
export default app;
