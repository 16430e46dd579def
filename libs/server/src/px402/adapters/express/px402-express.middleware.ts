import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { decide } from '../../decide/decide.usecase';
import { prepareOptions, toPx402Request } from '../px402-request.builder';
import { Px402Options } from '../px402-options.types';

/**
 * Express middleware that prices a route with px402. Unpaid, pending, invalid or replayed
 * requests get their 401/402/409/429/503 answer here; a paid request reaches the next handler
 * with `X-Payment-Signature` already set on the response. The token is bound to the full path
 * (`req.originalUrl` without query), so mounting under a router does not change it. Express's own
 * `trust proxy` setting is not used: only `trustedProxies` decides whose X-Forwarded-For counts.
 *
 * @example
 * app.get('/weather', px402Express({
 *   price: { amount: 10_000n, destination: WALLET, description: 'Current weather' },
 *   secrets: { current: secret },
 *   lookup: facilitatorPaymentLookup(FACILITATOR_URL),
 *   replay: new RedisReplayStore(redis),
 *   rateLimiter: new RedisRateLimiter(redis, { limit: 60, windowMs: 60_000 }),
 *   trustedProxies: ['10.0.0.0/8'],
 * }), (req, res) => res.json({ temperature: 21 }));
 */
export function px402Express(options: Px402Options): RequestHandler {
  const { deps, trusted } = prepareOptions(options);
  return (req: Request, res: Response, next: NextFunction): void => {
    const request = toPx402Request(
      {
        method: req.method,
        path: new URL(req.originalUrl, 'http://localhost').pathname,
        header: (name) => req.headers[name],
        remoteAddress: req.socket.remoteAddress,
      },
      trusted,
    );
    decide(request, deps).then((decision) => {
      if (decision.kind === 'serve') {
        res.set(decision.headers);
        next();
        return;
      }
      res.status(decision.status).set(decision.headers).json(decision.body);
    }, next);
  };
}
