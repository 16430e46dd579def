import express from 'express';
import type { Redis } from 'ioredis';
import { facilitatorPaymentLookup, px402Express, RedisRateLimiter, RedisReplayStore, type PaymentLookup, type Px402Options } from '@quietpay/server';
import type { PrivateApiConfig } from './config.schema';
import { MARKET_DATA } from './market-data.handlers';
import { PAID_ROUTES } from './paid-routes.constants';

export interface PrivateApiDeps {
  readonly redis: Redis;
  /** Defaults to the facilitator gateway's `/private/payments/:id` lookup. */
  readonly lookup?: PaymentLookup;
}

/**
 * The px402 example API: three paid JSON routes behind `px402Express`, sharing replay set and rate
 * limits through Redis so it can run as several replicas.
 *
 * @example
 * const app = createPrivateApiApp(loadPrivateApiConfig(process.env), { redis: new Redis(url) });
 * app.listen(4101);
 */
export function createPrivateApiApp(config: PrivateApiConfig, deps: PrivateApiDeps): express.Express {
  const lookup =
    deps.lookup ??
    facilitatorPaymentLookup(config.facilitatorUrl, {
      ...(config.facilitatorApiKey ? { headers: { authorization: `Bearer ${config.facilitatorApiKey}` } } : {}),
      ...(config.usdcMint ? { mint: config.usdcMint } : {}),
    });
  const replay = new RedisReplayStore(deps.redis, { prefix: config.redisPrefix });
  const rateLimiter = new RedisRateLimiter(deps.redis, { limit: config.rateLimitPerMinute, windowMs: 60_000, prefix: `${config.redisPrefix}quote:` });
  const retryRateLimiter = new RedisRateLimiter(deps.redis, { limit: config.retryRateLimitPerMinute, windowMs: 60_000, prefix: `${config.redisPrefix}retry:` });

  const app = express();
  app.disable('x-powered-by');
  app.get('/health', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/api', (_req, res) => {
    res.json({ routes: PAID_ROUTES.map((r) => ({ path: r.path, amount: r.amount.toString(), currency: 'USDC', description: r.description })) });
  });
  for (const route of PAID_ROUTES) {
    const options: Px402Options = {
      price: { amount: route.amount, destination: config.merchantWallet, description: route.description },
      secrets: config.secrets,
      lookup,
      replay,
      rateLimiter,
      retryRateLimiter,
      priceToleranceBps: config.priceToleranceBps,
      trustedProxies: config.trustedProxies,
    };
    const handler = MARKET_DATA[route.path];
    app.get(route.path, px402Express(options), (_req, res) => {
      res.json(handler());
    });
  }
  return app;
}
