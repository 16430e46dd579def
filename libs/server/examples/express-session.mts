import express from 'express';
import { sessionPaywallExpress } from '@quietpay/server/express';

const app = express();
// Checked here, at startup: a price like '0.5 USDC' or a bad payTo throws InvalidOptionError.
const paywall = sessionPaywallExpress({
  facilitatorUrl: 'http://127.0.0.1:4021',
  price: '0.01', // whole tokens; a bigint is base units
  payTo: process.env.MERCHANT ?? '',
  description: 'one chat message',
  // Default 'after-handler': verify → handler → settle; a failing handler is not charged.
  settle: 'after-handler',
});
app.post('/api/chat', paywall, express.json(), (_req, res) => {
  res.json({ reply: 'hello', payer: res.locals['quietpayPayer'] as string | undefined });
});
app.listen(4100);
