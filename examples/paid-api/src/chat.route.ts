import { sessionPaywallExpress } from '@quietpay/server';
import { type Router, json, Router as makeRouter } from 'express';
import type { PaidApiConfig } from './config.schema';

const REPLIES = ['Sure, here is a thought.', 'Interesting question.', 'Let me think about that.', 'That depends on the context.'];

/** `POST /api/chat`: one session-scheme payment per message. */
export function chatRouter(config: PaidApiConfig): Router {
  const router = makeRouter();
  router.post(
    '/api/chat',
    sessionPaywallExpress({
      facilitatorUrl: config.FACILITATOR_URL,
      price: config.CHAT_PRICE,
      payTo: config.MERCHANT,
      description: 'one chat message',
      mimeType: 'application/json',
    }),
    json(),
    (req, res) => {
      const message = typeof (req.body as { message?: unknown } | undefined)?.message === 'string' ? (req.body as { message: string }).message : '';
      const reply = REPLIES[message.length % REPLIES.length] ?? REPLIES[0];
      res.json({ reply, echo: message.slice(0, 200) });
    },
  );
  return router;
}
