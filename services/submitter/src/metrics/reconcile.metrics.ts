import { metricsRegistry } from '@quietpay/platform';
import { Counter, Gauge } from 'prom-client';

/** Open settlements the reconciler looked at (each pass counts each one again). */
export const reconcileExamined = new Counter({
  name: 'quietpay_reconciler_examined_total',
  help: 'Open settlements examined by the reconciler.',
  registers: [metricsRegistry],
});

/** Open settlements whose job was missing or ended and was re-created or revived. */
export const reconcileRepaired = new Counter({
  name: 'quietpay_reconciler_repaired_total',
  help: 'Open settlements the reconciler re-enqueued.',
  registers: [metricsRegistry],
});

/**
 * Ids dropped from the open-settlement index because their record had finished (or, past the
 * bound, was missing): the index is kept a superset, and this is what it carried beyond the open set.
 */
export const reconcilePruned = new Counter({
  name: 'quietpay_reconciler_pruned_total',
  help: 'Finished or missing settlements the reconciler dropped from the open-settlement index.',
  registers: [metricsRegistry],
});

/**
 * Age of the oldest settlement submitted and not finished yet (its reservation neither committed
 * nor released), as of the last pass; 0 when none. The monitoring pack alerts on it.
 */
export const oldestOpenSettlementAge = new Gauge({
  name: 'quietpay_reconciler_oldest_open_reservation_age_seconds',
  help: 'Age of the oldest submitted settlement whose reservation is neither committed nor released, seconds.',
  registers: [metricsRegistry],
});
