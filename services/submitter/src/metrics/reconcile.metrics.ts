import { metricsRegistry } from '@quietpay/platform';
import { Counter, Gauge } from 'prom-client';

/** Open settlements the reconciler looked at (each pass counts each one again). */
export const reconcileExamined = new Counter({
  name: 'quietpay_reconcile_examined_total',
  help: 'Open settlements examined by the reconciler.',
  registers: [metricsRegistry],
});

/** Open settlements whose job was missing or ended and was re-created or revived. */
export const reconcileRepaired = new Counter({
  name: 'quietpay_reconcile_repaired_total',
  help: 'Open settlements the reconciler re-enqueued.',
  registers: [metricsRegistry],
});

/** Age of the oldest settlement not finished yet, as of the last pass (0 when none). */
export const oldestOpenSettlementAge = new Gauge({
  name: 'quietpay_settlement_oldest_open_age_seconds',
  help: 'Age of the oldest open settlement (reservation not yet settled or released), seconds.',
  registers: [metricsRegistry],
});
