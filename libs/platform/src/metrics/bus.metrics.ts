import { Histogram } from 'prom-client';
import { metricsRegistry } from './metrics.registry';

// Bus round trips range from a Redis script (~1 ms) to a confirmed transaction (seconds).
const BUS_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Server side: one observation per handled command, labelled by subject and `ok` or the error code. */
export const busHandlerDuration = new Histogram({
  name: 'quietpay_bus_handler_duration_seconds',
  help: 'Time a NATS command handler took, by subject and outcome (ok or the error code).',
  labelNames: ['subject', 'outcome'] as const,
  buckets: BUS_BUCKETS,
  registers: [metricsRegistry],
});

/** Client side: request to reply (or failure), so queueing and transport show next to the handler time. */
export const busRequestDuration = new Histogram({
  name: 'quietpay_bus_request_duration_seconds',
  help: 'Time a NATS request took from the caller, by subject and outcome (ok or the error code).',
  labelNames: ['subject', 'outcome'] as const,
  buckets: BUS_BUCKETS,
  registers: [metricsRegistry],
});
