import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { InvalidOptionError } from '@quietpay/x402';
import { requireAddress, requireOneOf } from '../options/option-checks';
import { assertPrice } from '../pricing/price.util';
import { px402Express } from '../px402/adapters/express/px402-express.middleware';
import type { Px402Options } from '../px402/adapters/px402-options.types';
import { type SessionPaywallExpressOptions, sessionPaywallExpress } from '../session/adapters/session-paywall-express.middleware';
import { compileRoute } from './route-pattern';

/** A session-scheme route: `price` in whole tokens ("0.5", "$0.50", 0.5) or base units (bigint). */
export interface SessionRouteConfig {
  readonly scheme: 'session';
  readonly price: bigint | number | string;
  /** Default: `session.payTo`. */
  readonly payTo?: string;
  readonly description?: string;
  readonly mimeType?: string;
  readonly maxTimeoutSeconds?: number;
}

/** A px402 (private-recipient) route: `price` in micro-USDC. */
export interface PrivateRouteConfig {
  readonly scheme: 'private';
  readonly price: bigint | number;
  /** Default: `private.payTo`. */
  readonly payTo?: string;
  readonly description?: string;
}

export type PaidRouteConfig = SessionRouteConfig | PrivateRouteConfig;

/** Route key (`"POST /api/chat"`, `"/api/*"`, `"GET /files/:id"`) → what it costs. First match wins. */
export type PaidRoutes = Readonly<Record<string, PaidRouteConfig>>;

/** What each scheme needs besides a route's price; give the ones your routes use. */
export interface PaymentMiddlewareOptions {
  readonly session?: Omit<SessionPaywallExpressOptions, 'price' | 'description' | 'mimeType' | 'maxTimeoutSeconds'>;
  readonly private?: Omit<Px402Options, 'price'> & { readonly payTo: string };
}

/**
 * One middleware for a whole app, configured like `@x402/express`'s `paymentMiddleware`: a map
 * from routes to prices, for both quietpay schemes. Unlisted routes pass through unpaid. Every
 * route is checked when the middleware is created (pattern, scheme, price, recipient), so a typo
 * stops the server at startup with an `InvalidOptionError` naming the route.
 *
 * @example
 * app.use(paymentMiddleware({
 *   'POST /api/chat': { scheme: 'session', price: '0.01' },
 *   'GET /api/quotes/*': { scheme: 'private', price: 10_000n },
 * }, { session: { facilitatorUrl, payTo: MERCHANT }, private: { payTo: MERCHANT, ...px402Deps } }));
 */
export function paymentMiddleware(routes: PaidRoutes, options: PaymentMiddlewareOptions): RequestHandler {
  const table = Object.entries(routes).map(([key, config]) => ({ pattern: compileRoute(key), handler: routeHandler(key, config, options) }));
  return (req: Request, res: Response, next: NextFunction): void => {
    const path = new URL(req.originalUrl, 'http://localhost').pathname;
    const route = table.find((r) => r.pattern.matches(req.method, path));
    if (!route) return next();
    route.handler(req, res, next);
  };
}

function routeHandler(key: string, config: PaidRouteConfig, options: PaymentMiddlewareOptions): RequestHandler {
  const field = `routes["${key}"]`;
  requireOneOf('paymentMiddleware', `${field}.scheme`, config.scheme, ['session', 'private']);
  if (config.scheme === 'session') {
    if (!options.session) throw new InvalidOptionError('paymentMiddleware', 'session', `is required: ${field} uses the session scheme`);
    assertPrice('paymentMiddleware', `${field}.price`, config.price);
    const payTo = config.payTo ?? options.session.payTo;
    requireAddress('paymentMiddleware', `${field}.payTo`, payTo);
    return sessionPaywallExpress({
      ...options.session,
      payTo,
      price: config.price,
      description: config.description,
      mimeType: config.mimeType,
      maxTimeoutSeconds: config.maxTimeoutSeconds,
    });
  }
  if (!options.private) throw new InvalidOptionError('paymentMiddleware', 'private', `is required: ${field} uses the private scheme`);
  const amount = config.price;
  if ((typeof amount !== 'bigint' && typeof amount !== 'number') || (typeof amount === 'number' && !Number.isSafeInteger(amount)) || BigInt(amount) <= 0n) {
    throw new InvalidOptionError('paymentMiddleware', `${field}.price`, 'must be a positive integer of micro-USDC', amount);
  }
  const { payTo: defaultPayTo, ...px402 } = options.private;
  const destination = requireAddress('paymentMiddleware', `${field}.payTo`, config.payTo ?? defaultPayTo);
  return px402Express({
    ...px402,
    price: { amount, destination, routeId: key, ...(config.description !== undefined ? { description: config.description } : {}) },
  });
}
