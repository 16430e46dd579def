import type { LatencySummary, MetricsFigures } from '@quietpay/contracts';
import type { PromSample } from './prometheus-text';

/** What one scrape round read: each source's samples (replicas of one service concatenated). */
export interface MetricsSnapshot {
  readonly atMs: number;
  /** Samples by service name; a service absent here was not configured or did not answer. */
  readonly samples: Readonly<Record<string, readonly PromSample[]>>;
}

type Labels = Readonly<Record<string, string>>;
type Match = (labels: Labels) => boolean;
const any: Match = () => true;
const ACCEPTED = new Set(['settled', 'pending']);

function pick(snapshot: MetricsSnapshot, source: string, name: string, match: Match = any): PromSample[] {
  return (snapshot.samples[source] ?? []).filter((s) => s.name === name && match(s.labels));
}

/** A counter's increase; a process restart between the scrapes resets it to zero, so then the current value is the increase. */
function increase(now: number, before: number): number {
  return now >= before ? now - before : now;
}

function gauge(snapshot: MetricsSnapshot, source: string, name: string, fold: (values: number[]) => number): number | null {
  const values = pick(snapshot, source, name).map((s) => s.value);
  return values.length === 0 ? null : fold(values);
}

/** Cumulative bucket counts by upper bound, summed over every other label. */
function buckets(snapshot: MetricsSnapshot, source: string, name: string, match: Match): Map<number, number> {
  const out = new Map<number, number>();
  for (const s of pick(snapshot, source, `${name}_bucket`, match)) {
    const le = s.labels['le'] === '+Inf' ? Infinity : Number(s.labels['le']);
    if (!Number.isNaN(le)) out.set(le, (out.get(le) ?? 0) + s.value);
  }
  return out;
}

/**
 * A quantile from cumulative bucket counts, interpolated linearly inside its bucket as
 * Prometheus's histogram_quantile does (the lowest bucket from 0; the +Inf bucket answers the highest finite bound).
 */
export function bucketQuantile(q: number, cumulative: ReadonlyMap<number, number>): number | null {
  const bounds = [...cumulative].sort(([a], [b]) => a - b);
  const count = bounds.at(-1)?.[1] ?? 0;
  if (count <= 0) return null;
  const rank = q * count;
  let lower = 0;
  let below = 0;
  for (const [le, upTo] of bounds) {
    if (upTo >= rank) {
      if (le === Infinity) return lower;
      const inBucket = upTo - below;
      return inBucket <= 0 ? le : lower + (le - lower) * ((rank - below) / inBucket);
    }
    lower = le;
    below = upTo;
  }
  return lower;
}

function latency(current: MetricsSnapshot, base: MetricsSnapshot | undefined, source: string, name: string, match: Match): LatencySummary | null {
  if (base === undefined) return null;
  const now = buckets(current, source, name, match);
  const before = buckets(base, source, name, match);
  const window = new Map([...now].map(([le, n]) => [le, increase(n, before.get(le) ?? 0)] as const));
  const p50 = bucketQuantile(0.5, window);
  const p99 = bucketQuantile(0.99, window);
  if (p50 === null || p99 === null) return null;
  return { p50, p99, count: window.get(Infinity) ?? 0 };
}

function outcomeTotals(snapshot: MetricsSnapshot): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of pick(snapshot, 'gateway', 'quietpay_settlements_total')) {
    const outcome = s.labels['outcome'] ?? 'unknown';
    out.set(outcome, (out.get(outcome) ?? 0) + s.value);
  }
  return out;
}

function charges(current: MetricsSnapshot, base: MetricsSnapshot | undefined, seconds: number | null): MetricsFigures['charges'] {
  const now = outcomeTotals(current);
  const acceptedOf = (totals: Map<string, number>) => [...totals].filter(([o]) => ACCEPTED.has(o)).reduce((sum, [, n]) => sum + n, 0);
  const acceptedTotal = current.samples['gateway'] === undefined ? null : acceptedOf(now);
  if (base === undefined || seconds === null || acceptedTotal === null || base.samples['gateway'] === undefined) {
    return { acceptedTotal, acceptedPerSecond: null, settlePerSecondByOutcome: null };
  }
  const before = outcomeTotals(base);
  const byOutcome = Object.fromEntries([...now].map(([o, n]) => [o, increase(n, before.get(o) ?? 0) / seconds]));
  return { acceptedTotal, acceptedPerSecond: increase(acceptedTotal, acceptedOf(before)) / seconds, settlePerSecondByOutcome: byOutcome };
}

function queues(snapshot: MetricsSnapshot): Record<string, number> | null {
  const depth = pick(snapshot, 'submitter', 'quietpay_settlement_queue_depth');
  if (depth.length === 0) return null;
  // Every submitter replica reads the same Redis queue: the largest reading is the latest.
  const out: Record<string, number> = {};
  for (const s of depth) out[s.labels['queue'] ?? 'settlement'] = Math.max(out[s.labels['queue'] ?? 'settlement'] ?? 0, s.value);
  return out;
}

/**
 * The overview's figures from two scrapes of the services' own metrics (`base` the older, or
 * undefined on the first scrape): rates and quantiles over the window between them, gauges as
 * read now. Every figure is null when its source was not scraped or has not reported it yet.
 */
export function summarizeMetrics(current: MetricsSnapshot, base: MetricsSnapshot | undefined): MetricsFigures {
  const seconds = base === undefined ? null : (current.atMs - base.atMs) / 1000;
  const usable = seconds !== null && seconds > 0 ? base : undefined;
  const lastPoll = gauge(current, 'chain-poller', 'quietpay_poller_last_success_timestamp_seconds', (v) => Math.max(...v));
  const crank = gauge(current, 'crank-keeper', 'quietpay_crank_healthy', (v) => Math.min(...v));
  return {
    sampledAt: new Date(current.atMs).toISOString(),
    windowSeconds: usable === undefined ? null : seconds,
    charges: charges(current, usable, usable === undefined ? null : seconds),
    settleLatencySeconds: latency(current, usable, 'gateway', 'quietpay_http_request_duration_seconds', (l) => l['route'] === '/settle'),
    confirmLatencySeconds: latency(current, usable, 'submitter', 'quietpay_settlement_duration_seconds', (l) => l['step'] === 'confirm'),
    queueDepth: queues(current),
    oldestOpenReservationSeconds: gauge(current, 'submitter', 'quietpay_reconciler_oldest_open_reservation_age_seconds', (v) => Math.max(...v)),
    pollerLagSlots: gauge(current, 'chain-poller', 'quietpay_poller_lag_slots', (v) => Math.max(...v)),
    // 0 until the first poll succeeds: no age to report yet.
    pollerLastSuccessAgeSeconds: lastPoll === null || lastPoll === 0 ? null : Math.max(0, current.atMs / 1000 - lastPoll),
    crankHealthy: crank === null ? null : crank === 1,
    facilitatorSol: gauge(current, 'session-ledger', 'quietpay_facilitator_sol_balance', (v) => Math.min(...v)),
  };
}
