import { metricsRegistry } from '@quietpay/platform';
import { Gauge, Histogram } from 'prom-client';

// 5,000 (one signature's fee) up to 1 SOL: a per-call settlement costs ~2M (two allowance rents + fee).
const LAMPORT_BUCKETS = [
  5_000, 10_000, 50_000, 100_000, 500_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000, 50_000_000, 100_000_000, 500_000_000, 1_000_000_000,
];

/** What each confirmed transaction cost the facilitator, by what it was for. */
export const facilitatorLamportsPerTransaction = new Histogram({
  name: 'quietpay_facilitator_lamports_per_transaction',
  help: 'Lamports a confirmed transaction took from the facilitator (fee and rents), by purpose.',
  labelNames: ['purpose'] as const,
  buckets: LAMPORT_BUCKETS,
  registers: [metricsRegistry],
});

/**
 * What one session cost the facilitator in all (fees and rents of its open and settlements),
 * observed once when the session is closed or revoked (a histogram, so no session id ever becomes a
 * label). A session left to expire without a close is not observed.
 */
export const facilitatorLamportsPerSession = new Histogram({
  name: 'quietpay_facilitator_lamports_per_session',
  help: 'Lamports a session cost the facilitator in all, observed when it is closed or revoked.',
  buckets: LAMPORT_BUCKETS,
  registers: [metricsRegistry],
});

/**
 * The facilitator's SOL balance (in SOL), polled from the chain. Registered only by the process
 * that polls it: a 0 from one that never reads it would fire the low-balance alerts.
 */
export function registerFacilitatorSolBalance(): Gauge {
  const existing = metricsRegistry.getSingleMetric('quietpay_facilitator_sol_balance');
  if (existing) metricsRegistry.removeSingleMetric('quietpay_facilitator_sol_balance');
  return new Gauge({ name: 'quietpay_facilitator_sol_balance', help: "The facilitator's SOL balance, polled from the chain.", registers: [metricsRegistry] });
}
