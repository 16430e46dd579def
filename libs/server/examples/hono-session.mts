import { Hono } from 'hono';
import { sessionPaywall } from '@quietpay/server/hono';

// The framework-free paywall: any framework feeds it the URL and the PAYMENT-SIGNATURE header.
const paywall = sessionPaywall({ facilitatorUrl: 'http://127.0.0.1:4021', price: '0.01', payTo: process.env.MERCHANT ?? '' });
const app = new Hono();
app.post('/api/chat', async (c) => {
  const decision = await paywall.decide(c.req.url, c.req.header('PAYMENT-SIGNATURE'));
  // 402 with PAYMENT-REQUIRED, or 503 + Retry-After when the facilitator is down.
  if (decision.kind === 'reply') return c.json(decision.reply.body as object, decision.reply.status as 402, decision.reply.headers);
  const settled = await decision.settle();
  if (!settled.ok) return c.json(settled.reply.body as object, settled.reply.status as 402, settled.reply.headers);
  return c.json({ reply: 'hello' }, 200, settled.headers);
});
export default app;
