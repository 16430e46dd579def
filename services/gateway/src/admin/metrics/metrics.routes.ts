import { Injectable } from '@nestjs/common';
import type { MetricsSummary } from '@quietpay/contracts';
import type { Router } from 'express';
import { z } from 'zod';
import { queryOf } from '../http/admin-request';
import type { AdminRoutes } from '../http/admin-routes.port';
import { MetricsSampler } from './metrics-sampler';
import { summarizeMetrics } from './metrics-summary';

const SummaryQuery = z.strictObject({
  // Seconds the rates and quantiles span (the newest earlier scrape at least this old).
  window: z.coerce.number().int().min(5).max(600).default(60),
});

/** GET /metrics/summary: the console overview's figures, from the services' own Prometheus metrics. */
@Injectable()
export class MetricsAdminRoutes implements AdminRoutes {
  constructor(private readonly sampler: MetricsSampler) {}

  mount(router: Router): void {
    router.get('/metrics/summary', async (req, res) => {
      const { window } = queryOf(SummaryQuery, req);
      const { current, base, sources } = await this.sampler.sample(window * 1000);
      const summary: MetricsSummary = { ...summarizeMetrics(current, base), sources };
      res.json(summary);
    });
  }
}
