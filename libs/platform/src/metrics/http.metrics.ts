import { Counter, Histogram } from 'prom-client';
import { metricsRegistry } from './metrics.registry';

/** Requests by matched route pattern (never the raw path: ids would explode the series) and status. */
export const httpRequestsTotal = new Counter({
  name: 'quietpay_http_requests_total',
  help: 'HTTP requests answered, by route pattern, method and status code.',
  labelNames: ['route', 'method', 'status'] as const,
  registers: [metricsRegistry],
});

export const httpRequestDuration = new Histogram({
  name: 'quietpay_http_request_duration_seconds',
  help: 'HTTP request duration, by route pattern, method and status code.',
  labelNames: ['route', 'method', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
});
