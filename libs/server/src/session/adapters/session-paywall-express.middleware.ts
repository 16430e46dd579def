import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { X402_V2_HEADERS } from '@quietpay/x402';
import { type PaywallReply, sessionPaywall, type SessionPaywallOptions } from '../paywall/session-paywall.usecase';

/** Options of `sessionPaywallExpress`. */
export interface SessionPaywallExpressOptions extends SessionPaywallOptions {
  /** The URL clients sign as `resource` (default: protocol://host + originalUrl as Express sees them). */
  readonly resourceUrl?: (req: Request) => string;
}

const send = (res: Response, reply: PaywallReply): void => {
  res.status(reply.status).set(reply.headers).json(reply.body);
};

/**
 * Express middleware charging one session-scheme payment per request. It verifies, then settles
 * **before** calling your handler (Express streams responses, so the receipt header must be known
 * first): a failed settlement answers 402 and the handler never runs, and a handler failure after
 * a settled charge is the handler's to refund.
 *
 * @example
 * app.post('/api/chat', sessionPaywallExpress({ facilitatorUrl, price: '0.5', payTo: MERCHANT }), (req, res) => {
 *   res.json({ reply: 'hello', payer: res.locals.quietpayPayer });
 * });
 */
export function sessionPaywallExpress(options: SessionPaywallExpressOptions): RequestHandler {
  const { resourceUrl = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`, ...rest } = options;
  const paywall = sessionPaywall(rest);
  return (req: Request, res: Response, next: NextFunction): void => {
    void (async () => {
      const decision = await paywall.decide(resourceUrl(req), req.get(X402_V2_HEADERS.paymentSignature));
      if (decision.kind === 'reply') return send(res, decision.reply);
      const settled = await decision.settle();
      if (!settled.ok) return send(res, settled.reply);
      res.set(settled.headers);
      res.locals['quietpayPayer'] = decision.payer;
      res.locals['quietpayReceipt'] = settled.receipt;
      next();
    })().catch(next);
  };
}
