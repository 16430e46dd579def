import { Gauge } from 'prom-client';
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
