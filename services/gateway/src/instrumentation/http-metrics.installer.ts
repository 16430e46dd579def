import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { httpRequestDuration, httpRequestsTotal } from '@quietpay/platform';
import type { Application, NextFunction, Request, Response } from 'express';

/**
 * Counts and times every gateway response by route pattern and status. Installed first (in a
 * provider constructor, like JsonBodyInstaller) so body-parser refusals and 404s count too. The
 * label is the matched pattern (`/sessions/:id`), never the raw path, so ids cannot multiply series.
 */
@Injectable()
export class HttpMetricsInstaller {
  constructor(adapterHost: HttpAdapterHost) {
    const app = adapterHost.httpAdapter.getInstance<Application>();
    app.use(function httpMetrics(req: Request, res: Response, next: NextFunction): void {
      const started = process.hrtime.bigint();
      res.once('finish', () => {
        const route: unknown = (req.route as { path?: unknown } | undefined)?.path;
        const labels = { route: typeof route === 'string' ? route : 'unmatched', method: req.method, status: String(res.statusCode) };
        httpRequestsTotal.inc(labels);
        httpRequestDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      });
      next();
    });
  }
}
