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

/** Reads the oldest open settlement's age (seconds) from Redis; set once the store exists. */
let readOldestOpenAge: (() => Promise<number>) | undefined;

/** Makes the gauge below read Redis at every scrape (SettlementLagMetric wires it with the store). */
export function readOldestOpenAgeAtScrape(read: () => Promise<number>): void {
  readOldestOpenAge = read;
}

/**
 * Age of the oldest settlement submitted and not finished yet (its reservation neither committed
 * nor released); 0 when none. The monitoring pack alerts on it. Read from Redis's shared index at
 * every scrape once wired, and set by each reconciler pass before that: a pass runs on whichever
 * replica holds the interval's lease, so a value kept from a replica's last pass went stale when
 * the lease moved on, and `max()` over replicas kept QuietpayOpenReservationTooOld firing after
 * the reservation had finished.
 */
export const oldestOpenSettlementAge = new Gauge({
  name: 'quietpay_reconciler_oldest_open_reservation_age_seconds',
  help: 'Age of the oldest submitted settlement whose reservation is neither committed nor released, seconds.',
  registers: [metricsRegistry],
  async collect() {
    // Redis away: the last value stays (a failed read must not fail the whole scrape).
    const seconds = await readOldestOpenAge?.().catch(() => undefined);
    if (seconds !== undefined) this.set(Math.round(seconds));
  },
});
