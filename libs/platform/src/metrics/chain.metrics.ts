import { Gauge, Histogram } from 'prom-client';
import { metricsRegistry } from './metrics.registry';

/**
 * How far the chain-poller's watermark is behind the chain tip, in slots. The poller sets it
 * after each poll: `pollerLagSlots.set(tipSlot - watermarkSlot)`.
 */
export const pollerLagSlots = new Gauge({
  name: 'quietpay_poller_lag_slots',
  help: 'Slots between the chain tip and the chain-poller watermark.',
  registers: [metricsRegistry],
});

/** Unix seconds of the last poll that succeeded: `pollerLastSuccess.setToCurrentTime()`. Alert on its age. */
export const pollerLastSuccess = new Gauge({
  name: 'quietpay_poller_last_success_timestamp_seconds',
  help: 'Unix time of the last successful chain-poller poll.',
  registers: [metricsRegistry],
});

/**
 * 1 when this crank-keeper instance's last crank round succeeded (or it is a healthy standby),
 * 0 when it failed: `crankHealthy.set(ok ? 1 : 0)`.
 */
export const crankHealthy = new Gauge({
  name: 'quietpay_crank_healthy',
  help: '1 if the crank-keeper last ran (or stands by) healthily, 0 otherwise.',
  registers: [metricsRegistry],
});

/**
 * Where the chain-poller's time goes between a chain notification and a payment being findable,
 * per `path` (`poll`: a full pass; `notification`: notified transactions applied before the next
 * pass): `wake_wait` (notification received → the work serving it starts), `slot`, `signatures`
 * (getSignaturesForAddress pages), `fetch` (getTransaction), `index` (Redis record), `publish`
 * (JetStream), `watermark`, and `total`.
 *
 * @example
 * pollerStepDuration.observe({ path: 'poll', step: 'fetch' }, seconds);
 */
export const pollerStepDuration = new Histogram({
  name: 'quietpay_poller_step_duration_seconds',
  help: 'Duration of each chain-poller step (wake_wait, slot, signatures, fetch, index, publish, watermark, total) per path (poll, notification).',
  labelNames: ['path', 'step'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});
