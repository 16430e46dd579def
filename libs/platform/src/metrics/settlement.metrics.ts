import { Counter, Gauge, Histogram } from 'prom-client';
import { metricsRegistry } from './metrics.registry';

/**
 * Settlement outcomes. The gateway counts what `/settle` answered (`settled`, `pending`,
 * `rejected`, `error`); the submitter counts what its jobs ended as (`confirmed`, `failed`,
 * `retry`). `scheme` is the x402 scheme (`session`, `private`; `unsupported` for a scheme the
 * gateway does not offer); the submitter's jobs are session settlements, so `session`.
 *
 * @example
 * settlementsTotal.inc({ scheme: 'session', outcome: 'settled' });
 */
export const settlementsTotal = new Counter({
  name: 'quietpay_settlements_total',
  help: 'Settlement outcomes by scheme and outcome.',
  labelNames: ['scheme', 'outcome'] as const,
  registers: [metricsRegistry],
});

/** Time per settlement step in the submitter (the steps: services/submitter/src/metrics/settlement-step.metrics.ts). */
export const settlementStepDuration = new Histogram({
  name: 'quietpay_settlement_duration_seconds',
  help: 'Duration of each settlement step (build, sign, send, confirm, authorize, bind; a batch flush also route, lock, form, book, handoff, hop).',
  labelNames: ['step'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [metricsRegistry],
});

/**
 * Backlog of a settlement queue (waiting + delayed + active jobs), read from Redis on each
 * scrape. The submitter's HPA scales on `quietpay_settlement_queue_depth{queue="settlement"}`.
 */
export function registerSettlementQueueDepth(queue: string, count: () => Promise<number>): void {
  const existing = metricsRegistry.getSingleMetric('quietpay_settlement_queue_depth');
  if (existing) metricsRegistry.removeSingleMetric('quietpay_settlement_queue_depth');
  new Gauge({
    name: 'quietpay_settlement_queue_depth',
    help: 'Settlement jobs waiting, delayed or active, read from Redis at scrape time.',
    labelNames: ['queue'] as const,
    registers: [metricsRegistry],
    async collect() {
      this.set({ queue }, await count());
    },
  });
}
