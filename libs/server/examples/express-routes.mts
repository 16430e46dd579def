import express from 'express';
import { Redis } from 'ioredis';
import { facilitatorPaymentLookup, paymentMiddleware, RedisReplayStore } from '@quietpay/server';

const merchant = process.env.MERCHANT ?? '';
const redis = new Redis(process.env.REDIS_URL ?? '', { enableOfflineQueue: false });
const app = express();
// One middleware, one route map, both schemes (like @x402/express's paymentMiddleware).
app.use(
  paymentMiddleware(
    {
      'POST /api/chat': { scheme: 'session', price: '$0.01', description: 'one chat message' },
      'GET /api/quote/:symbol': { scheme: 'private', price: 10_000n, description: 'a price quote' },
    },
    {
      session: { facilitatorUrl: 'http://127.0.0.1:4021', payTo: merchant },
      private: {
        payTo: merchant,
        secrets: { current: process.env.PX402_TOKEN_SECRET ?? '' },
        lookup: facilitatorPaymentLookup('http://127.0.0.1:4021'),
        replay: new RedisReplayStore(redis, { prefix: 'my-api:' }),
      },
    },
  ),
);
app.post('/api/chat', (_req, res) => {
  res.json({ reply: 'hello' });
});
app.get('/api/quote/:symbol', (req, res) => {
  res.json({ symbol: req.params.symbol, price: 142.5 });
});
app.listen(4100);
