import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { X402_V2_HEADERS } from '@quietpay/x402';
import { requireOneOf } from '../../options/option-checks';
import { type PaywallReply, sessionPaywall, type SessionPaywallOptions } from '../paywall/session-paywall.usecase';
import { holdResponse } from './deferred-response';

/**
 * When the payment is settled, relative to your handler.
 * - `after-handler` (default, as `@x402/express`): verify → handler → settle. A handler that fails
 *   (throws or answers ≥ 400) charges nothing; its answer is held back until the settlement is
 *   final, and replaced by the 402/503 if settling fails, so nothing is served unpaid.
 * - `before-handler`: verify → settle → handler. For streaming handlers (SSE, large downloads)
 *   whose output cannot be held back; a handler failure after the charge is yours to refund.
 */
export type SettleMode = 'after-handler' | 'before-handler';

export const SETTLE_MODES: readonly SettleMode[] = ['after-handler', 'before-handler'];

/** Options of `sessionPaywallExpress`. */
export interface SessionPaywallExpressOptions extends SessionPaywallOptions {
  /** The URL clients sign as `resource` (default: protocol://host + originalUrl as Express sees them). */
  readonly resourceUrl?: (req: Request) => string;
  /** Default `after-handler`; see {@link SettleMode}. */
  readonly settle?: SettleMode;
}

export const send = (res: Response, reply: PaywallReply): void => {
  res.status(reply.status).set(reply.headers).json(reply.body);
};

/**
 * Express middleware charging one session-scheme payment per request. Unpaid → 402 with
 * PAYMENT-REQUIRED; facilitator outage → 503 JSON `facilitator_unavailable` + Retry-After; the
 * facilitator's per-session rate limit → 429 JSON `rate_limited` + Retry-After; paid →
 * settled after (default) or before your handler, see {@link SettleMode}. Options are checked when
 * the middleware is created: a bad price, URL or address throws `InvalidOptionError` at startup.
 *
 * @example
 * app.post('/api/chat', sessionPaywallExpress({ facilitatorUrl, price: '0.5', payTo: MERCHANT }), (req, res) => {
 *   res.json({ reply: 'hello', payer: res.locals.quietpayPayer });
 * });
 */
export function sessionPaywallExpress(options: SessionPaywallExpressOptions): RequestHandler {
  const {
    resourceUrl = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`,
    settle = 'after-handler',
    ...rest
  } = options;
  requireOneOf('sessionPaywallExpress', 'settle', settle, SETTLE_MODES);
  const paywall = sessionPaywall(rest);
  return (req: Request, res: Response, next: NextFunction): void => {
    void (async () => {
      const decision = await paywall.decide(resourceUrl(req), req.get(X402_V2_HEADERS.paymentSignature));
      if (decision.kind === 'reply') return send(res, decision.reply);
      res.locals['quietpayPayer'] = decision.payer;
      if (settle === 'before-handler') {
        const settled = await decision.settle();
        if (!settled.ok) return send(res, settled.reply);
        res.set(settled.headers);
        res.locals['quietpayReceipt'] = settled.receipt;
        return next();
      }
      holdResponse(res, (held) => {
        // A failed handler is not charged: its answer goes out as is.
        if (held.status >= 400) return held.release();
        decision.settle().then(
          (settled) => {
            if (!settled.ok) {
              held.discard();
              return send(res, settled.reply);
            }
            res.set(settled.headers);
            held.release();
          },
          (error: unknown) => {
            held.discard();
            next(error);
          },
        );
      });
      next();
    })().catch(next);
  };
}
