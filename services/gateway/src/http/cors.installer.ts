import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { SERVICE_CONFIG } from '@quietpay/platform';
import type { Application, NextFunction, Request, Response } from 'express';
import type { GatewayConfig } from '../config.schema';
import type { ApiErrorBody } from './api-error';
import { CORS_ALLOWED_HEADERS, CORS_ALLOWED_METHODS, CORS_EXPOSED_HEADERS, CORS_MAX_AGE_SECONDS, originAllowed, parseCorsPolicy } from './cors.policy';

/**
 * Answers CORS for browser apps (the SDK opening sessions and paying from a web page): preflights
 * are answered here, before guards and rate limits (a preflight carries no credentials), and
 * allowed origins may read the x402/px402 headers. A disallowed origin gets no CORS headers (the
 * browser then hides the answer) and its preflight a 403. Installed like JsonBodyInstaller, in a
 * provider constructor, so it runs ahead of every route.
 */
@Injectable()
export class CorsInstaller {
  constructor(adapterHost: HttpAdapterHost, @Inject(SERVICE_CONFIG) config: GatewayConfig) {
    const policy = parseCorsPolicy(config.CORS_ALLOWED_ORIGINS, config.QUIETPAY_PROFILE);
    const app = adapterHost.httpAdapter.getInstance<Application>();
    app.use(function cors(req: Request, res: Response, next: NextFunction): void {
      const origin = req.headers.origin;
      if (origin === undefined) return next();
      res.vary('Origin');
      const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
      if (!originAllowed(policy, origin)) {
        if (!preflight) return next();
        const body: ApiErrorBody = { error: 'cors_origin_denied', message: 'this origin may not call the gateway (CORS_ALLOWED_ORIGINS)' };
        res.status(403).json(body);
        return;
      }
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', CORS_EXPOSED_HEADERS.join(', '));
      if (!preflight) return next();
      res.setHeader('Access-Control-Allow-Methods', CORS_ALLOWED_METHODS);
      res.setHeader('Access-Control-Allow-Headers', CORS_ALLOWED_HEADERS.join(', '));
      res.setHeader('Access-Control-Max-Age', String(CORS_MAX_AGE_SECONDS));
      res.status(204).end();
    });
  }
}
