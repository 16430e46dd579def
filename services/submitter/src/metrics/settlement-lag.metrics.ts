import { Injectable } from '@nestjs/common';
import { metricsRegistry } from '@quietpay/platform';
import { Gauge } from 'prom-client';
import { SettlementStore } from '../settlement/settlement.store';

const NAME = 'quietpay_settlement_oldest_pending_seconds';

/**
 * Seconds since the oldest settlement still open was submitted (0 when none), from the
 * open-settlement index: the submit time of a per-call charge or of a batched charge waiting for
 * its flush. The index is kept a superset (an id a crash left behind is pruned by the next
 * reconciler pass), so the figure can run high by at most one pass, never low.
 */
export async function oldestPendingSeconds(store: Pick<SettlementStore, 'oldestOpenMs'>, nowMs: number): Promise<number> {
  const oldest = await store.oldestOpenMs();
  return oldest === undefined ? 0 : Math.max(0, (nowMs - oldest) / 1000);
}

/**
 * Feeds `quietpay_settlement_oldest_pending_seconds` at scrape time: one ZRANGE on Redis's shared
 * index, so every replica reports the same settlement lag, current to the scrape (the reconciler's
 * `..._oldest_open_reservation_age_seconds` is as of its last pass, on the replica that ran it).
 * The submitter's HPA scales on it beside the queue depth (docs/scaling.md).
 */
@Injectable()
export class SettlementLagMetric {
  constructor(store: SettlementStore) {
    if (metricsRegistry.getSingleMetric(NAME)) metricsRegistry.removeSingleMetric(NAME);
    new Gauge({
      name: NAME,
      help: 'Age of the oldest submitted settlement not settled or failed yet (per-call or batched), read from Redis at scrape time, seconds.',
      registers: [metricsRegistry],
      async collect() {
        this.set(await oldestPendingSeconds(store, Date.now()));
      },
    });
  }
}
