import { Injectable } from '@nestjs/common';
import { metricsRegistry } from '@quietpay/platform';
import { Gauge } from 'prom-client';
import { SettlementStore } from '../settlement/settlement.store';
import { readOldestOpenAgeAtScrape } from './reconcile.metrics';

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
 * `read`, with the calls that arrive while one is under way sharing its result instead of starting
 * another. A scrape collects every metric at once, so the gauges fed by one Redis read join it;
 * nothing is kept once it settles, so the next scrape reads afresh.
 */
function joinedWhileInFlight<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () =>
    (inFlight ??= read().finally(() => {
      inFlight = undefined;
    }));
}

/**
 * Feeds `quietpay_settlement_oldest_pending_seconds` at scrape time from Redis's shared index, so
 * every replica reports the same settlement lag, current to the scrape. The reconciler's
 * `..._oldest_open_reservation_age_seconds`, which alerts use, is the same figure: both gauges
 * join one ZRANGE per scrape. The submitter's HPA scales on it beside the queue depth
 * (docs/scaling.md).
 */
@Injectable()
export class SettlementLagMetric {
  constructor(store: SettlementStore) {
    if (metricsRegistry.getSingleMetric(NAME)) metricsRegistry.removeSingleMetric(NAME);
    const readAtScrape = joinedWhileInFlight(() => oldestPendingSeconds(store, Date.now()));
    readOldestOpenAgeAtScrape(readAtScrape);
    // Redis away: keep the last value rather than fail the whole scrape (every other metric with
    // it) when the operator needs the metrics most.
    new Gauge({
      name: NAME,
      help: 'Age of the oldest submitted settlement not settled or failed yet (per-call or batched), read from Redis at scrape time, seconds.',
      registers: [metricsRegistry],
      async collect() {
        const seconds = await readAtScrape().catch(() => undefined);
        if (seconds !== undefined) this.set(seconds);
      },
    });
  }
}
