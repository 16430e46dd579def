import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { bucketQuantile, type MetricsSnapshot, summarizeMetrics } from './metrics-summary';
import { parsePrometheusText } from './prometheus-text';

// Each "service" is a real prom-client registry with the metric names the services declare
// (libs/platform/src/metrics): the summary reads the same text a scrape would.
function services() {
  const gateway = new Registry();
  const submitter = new Registry();
  const poller = new Registry();
  const crank = new Registry();
  const ledger = new Registry();
  return {
    registries: { gateway, submitter, 'chain-poller': poller, 'crank-keeper': crank, 'session-ledger': ledger },
    settlements: new Counter({ name: 'quietpay_settlements_total', help: 'h', labelNames: ['scheme', 'outcome'], registers: [gateway] }),
    http: new Histogram({
      name: 'quietpay_http_request_duration_seconds',
      help: 'h',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.1, 0.5, 1],
      registers: [gateway],
    }),
    steps: new Histogram({ name: 'quietpay_settlement_duration_seconds', help: 'h', labelNames: ['step'], buckets: [1, 2, 4], registers: [submitter] }),
    submitterOutcomes: new Counter({ name: 'quietpay_settlements_total', help: 'h', labelNames: ['scheme', 'outcome'], registers: [submitter] }),
    queue: new Gauge({ name: 'quietpay_settlement_queue_depth', help: 'h', labelNames: ['queue'], registers: [submitter] }),
    oldest: new Gauge({ name: 'quietpay_reconciler_oldest_open_reservation_age_seconds', help: 'h', registers: [submitter] }),
    lag: new Gauge({ name: 'quietpay_poller_lag_slots', help: 'h', registers: [poller] }),
    lastPoll: new Gauge({ name: 'quietpay_poller_last_success_timestamp_seconds', help: 'h', registers: [poller] }),
    crankHealthy: new Gauge({ name: 'quietpay_crank_healthy', help: 'h', registers: [crank] }),
    sol: new Gauge({ name: 'quietpay_facilitator_sol_balance', help: 'h', registers: [ledger] }),
  };
}

async function snapshot(registries: Record<string, Registry>, atMs: number): Promise<MetricsSnapshot> {
  const samples: Record<string, ReturnType<typeof parsePrometheusText>> = {};
  for (const [name, registry] of Object.entries(registries)) samples[name] = parsePrometheusText(await registry.metrics());
  return { atMs, samples };
}

describe('summarizeMetrics', () => {
  it('rates and latency quantiles over the window between two scrapes, gauges as read now', async () => {
    const s = services();
    s.settlements.inc({ scheme: 'session', outcome: 'settled' }, 4);
    s.http.observe({ route: '/settle', method: 'POST', status: '200' }, 0.05);
    const base = await snapshot(s.registries, 1_000_000);

    s.settlements.inc({ scheme: 'session', outcome: 'settled' }, 18);
    s.settlements.inc({ scheme: 'session', outcome: 'pending' }, 2);
    s.settlements.inc({ scheme: 'session', outcome: 'rejected' }, 5);
    s.submitterOutcomes.inc({ scheme: 'session', outcome: 'confirmed' }, 100);
    for (let i = 0; i < 99; i++) s.http.observe({ route: '/settle', method: 'POST', status: '200' }, 0.3);
    s.http.observe({ route: '/settle', method: 'POST', status: '402' }, 0.8);
    s.http.observe({ route: '/verify', method: 'POST', status: '200' }, 5);
    s.steps.observe({ step: 'confirm' }, 1.5);
    s.steps.observe({ step: 'build' }, 3);
    s.queue.set({ queue: 'settlement' }, 7);
    s.oldest.set(12);
    s.lag.set(3);
    s.lastPoll.set(1_015); // seconds: 5 s before the scrape at 1,020,000 ms
    s.crankHealthy.set(1);
    s.sol.set(4.25);
    const current = await snapshot(s.registries, 1_020_000);

    const figures = summarizeMetrics(current, base);
    expect(figures.windowSeconds).toBe(20);
    // Accepted = settled + pending from the gateway only (the submitter's outcomes are its jobs).
    expect(figures.charges).toEqual({ acceptedTotal: 24, acceptedPerSecond: 1, settlePerSecondByOutcome: { settled: 0.9, pending: 0.1, rejected: 0.25 } });
    // 100 /settle answers in the window: 99 in (0.1, 0.5], one in (0.5, 1]; /verify is not /settle.
    expect(figures.settleLatencySeconds?.count).toBe(100);
    expect(figures.settleLatencySeconds?.p50).toBeCloseTo(0.1 + 0.4 * (50 / 99));
    expect(figures.settleLatencySeconds?.p99).toBeCloseTo(0.5);
    expect(figures.confirmLatencySeconds).toEqual({ p50: 1.5, p99: 1.99, count: 1 });
    expect(figures.queueDepth).toEqual({ settlement: 7 });
    expect(figures.oldestOpenReservationSeconds).toBe(12);
    expect(figures.pollerLagSlots).toBe(3);
    expect(figures.pollerLastSuccessAgeSeconds).toBe(5);
    expect(figures.crankHealthy).toBe(true);
    expect(figures.facilitatorSol).toBe(4.25);
  });

  it('the first scrape has totals and gauges but no rates; absent sources and never-polled gauges are null', async () => {
    const s = services();
    s.settlements.inc({ scheme: 'session', outcome: 'settled' }, 2);
    const only = await snapshot({ gateway: s.registries.gateway, 'chain-poller': s.registries['chain-poller'] }, 5_000);
    expect(summarizeMetrics(only, undefined)).toEqual({
      sampledAt: new Date(5_000).toISOString(),
      windowSeconds: null,
      charges: { acceptedTotal: 2, acceptedPerSecond: null, settlePerSecondByOutcome: null },
      settleLatencySeconds: null,
      confirmLatencySeconds: null,
      queueDepth: null,
      oldestOpenReservationSeconds: null,
      pollerLagSlots: 0,
      pollerLastSuccessAgeSeconds: null,
      crankHealthy: null,
      facilitatorSol: null,
    });
  });

  it('a gateway restarted between the scrapes counts its new total as the increase; an idle window has no latency', async () => {
    const before = services();
    before.settlements.inc({ scheme: 'session', outcome: 'settled' }, 50);
    before.crankHealthy.set(0);
    const base = await snapshot(before.registries, 0);
    const after = services();
    after.settlements.inc({ scheme: 'session', outcome: 'settled' }, 10);
    after.crankHealthy.set(0);
    const figures = summarizeMetrics(await snapshot(after.registries, 10_000), base);
    expect(figures.charges.acceptedPerSecond).toBe(1);
    expect(figures.settleLatencySeconds).toBeNull();
    expect(figures.crankHealthy).toBe(false);
  });
});

describe('bucketQuantile', () => {
  it('interpolates inside the bucket like histogram_quantile; +Inf answers the highest finite bound; empty is null', () => {
    expect(
      bucketQuantile(
        0.5,
        new Map([
          [1, 0],
          [2, 10],
          [Infinity, 10],
        ]),
      ),
    ).toBeCloseTo(1.5);
    expect(
      bucketQuantile(
        0.5,
        new Map([
          [1, 10],
          [Infinity, 10],
        ]),
      ),
    ).toBeCloseTo(0.5);
    expect(
      bucketQuantile(
        0.99,
        new Map([
          [1, 0],
          [2, 0],
          [Infinity, 4],
        ]),
      ),
    ).toBe(2);
    expect(
      bucketQuantile(
        0.5,
        new Map([
          [1, 0],
          [Infinity, 0],
        ]),
      ),
    ).toBeNull();
  });
});
