// The admin API's metrics summary (GET /admin/v1/metrics/summary, docs/admin-api.yaml MetricsSummary):
// the gateway computes it, the console draws it. Types only, so the browser console imports them
// without any runtime code.

/** p50/p99 of a latency over the window, in seconds. */
export interface LatencySummary {
  readonly p50: number;
  readonly p99: number;
  /** Observations in the window the quantiles are computed from. */
  readonly count: number;
}

/** How one metrics source answered the latest scrape. */
export interface MetricsSourceStatus {
  readonly service: string;
  /** The scraped URL; absent for the gateway's own metrics (read in process). */
  readonly url?: string;
  readonly ok: boolean;
  readonly error?: string;
}

/** The figures from the services' own Prometheus metrics (null = not reported). */
export interface MetricsFigures {
  readonly sampledAt: string;
  /** Seconds between the two scrapes the rates and quantiles come from; null on the first scrape. */
  readonly windowSeconds: number | null;
  readonly charges: {
    /** Charges the gateway accepted since it started (`/settle` answered settled or pending). */
    readonly acceptedTotal: number | null;
    readonly acceptedPerSecond: number | null;
    /** `/settle` answers per second by outcome (settled, pending, rejected, error). */
    readonly settlePerSecondByOutcome: Readonly<Record<string, number>> | null;
  };
  /** How long the gateway took to answer `/settle`, over the window. */
  readonly settleLatencySeconds: LatencySummary | null;
  /** The submitter's confirm step (sent → confirmed on chain), over the window. */
  readonly confirmLatencySeconds: LatencySummary | null;
  readonly queueDepth: Readonly<Record<string, number>> | null;
  readonly oldestOpenReservationSeconds: number | null;
  readonly pollerLagSlots: number | null;
  readonly pollerLastSuccessAgeSeconds: number | null;
  readonly crankHealthy: boolean | null;
  readonly facilitatorSol: number | null;
}

/**
 * What the route answers: the figures and how each source answered.
 *
 * @example
 * const summary = (await (await fetch(`${adminUrl}/admin/v1/metrics/summary?window=30`, { headers })).json()) as MetricsSummary;
 */
export interface MetricsSummary extends MetricsFigures {
  readonly sources: readonly MetricsSourceStatus[];
}
