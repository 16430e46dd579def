import { useEffect, useState } from 'preact/hooks';
import type { AdminClient, MetricsSummary } from '../api';
import { Card, Failure, Loading } from '../components/ui';
import { LineChart } from '../components/chart';
import { appendPoint, figure, millis } from '../metrics';

const POLL_MS = 5_000;
const POINTS_KEPT = 60;

// The charts' points outlive the overview page (back from another page, the lines go on), not the tab.
let kept: readonly MetricsSummary[] = [];

/** Polls GET /metrics/summary and keeps the last POINTS_KEPT answers for the charts. */
function useMetrics(client: AdminClient): { history: readonly MetricsSummary[]; error: Error | undefined } {
  const [history, setHistory] = useState<readonly MetricsSummary[]>(kept);
  const [error, setError] = useState<Error | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const poll = () =>
      client.get<MetricsSummary>('/metrics/summary?window=30').then(
        (m) => {
          if (!live) return;
          setError(undefined);
          kept = appendPoint(kept, m, POINTS_KEPT);
          setHistory(kept);
        },
        (err: Error) => live && setError(err),
      );
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [client]);
  return { history, error };
}

/** Every /settle outcome seen in the kept answers, in a stable order. */
function outcomes(history: readonly MetricsSummary[]): string[] {
  return [...new Set(history.flatMap((s) => Object.keys(s.charges.settlePerSecondByOutcome ?? {})))].sort();
}

/** The overview's live charts: accepted charges/s, /settle latency, queue depth, poller lag, crank health. */
export function MetricsPanel({ client }: { client: AdminClient }) {
  const { history, error } = useMetrics(client);
  const m = history.at(-1);
  if (m === undefined) return <div class="cards">{error ? <Failure error={error} /> : <Loading what="metrics" />}</div>;
  const depth = (s: MetricsSummary) => (s.queueDepth === null ? null : Object.values(s.queueDepth).reduce((a, b) => a + b, 0));
  const down = m.sources.filter((s) => !s.ok);
  return (
    <div class="cards" data-testid="metrics">
      <Card title="Accepted charges/s">
        <p class="big" data-testid="accepted-rate">
          {figure(m.charges.acceptedPerSecond, 2)}
        </p>
        <LineChart series={[{ label: 'charges/s', values: history.map((s) => s.charges.acceptedPerSecond) }]} />
        <p class="muted">
          <span data-testid="accepted-total">{figure(m.charges.acceptedTotal, 0)}</span> since the gateway started
          {m.windowSeconds === null ? '' : ` · ${Math.round(m.windowSeconds)} s window`}
        </p>
      </Card>
      <Card title="/settle answers/s by outcome" tone={(m.charges.settlePerSecondByOutcome?.['error'] ?? 0) > 0 ? 'bad' : undefined}>
        <ul class="plain" data-testid="settle-outcomes">
          {outcomes(history).map((o) => (
            <li key={o}>
              {o} <span class="mono">{figure(m.charges.settlePerSecondByOutcome?.[o] ?? null, 2)}</span>
            </li>
          ))}
        </ul>
        <LineChart
          series={outcomes(history).map((o) => ({
            label: o,
            values: history.map((s) => (s.charges.settlePerSecondByOutcome === null ? null : (s.charges.settlePerSecondByOutcome[o] ?? 0))),
          }))}
        />
      </Card>
      <Card title="Settle latency p50 / p99">
        <p class="big">
          <span data-testid="settle-p50">{millis(m.settleLatencySeconds?.p50)}</span> /{' '}
          <span data-testid="settle-p99">{millis(m.settleLatencySeconds?.p99)}</span>
        </p>
        <LineChart
          series={[
            { label: 'p50', values: history.map((s) => s.settleLatencySeconds?.p50 ?? null) },
            { label: 'p99', values: history.map((s) => s.settleLatencySeconds?.p99 ?? null) },
          ]}
        />
        <p class="muted">gateway /settle · on-chain confirm p99 {millis(m.confirmLatencySeconds?.p99)}</p>
      </Card>
      <Card title="Settlement queue depth" tone={(depth(m) ?? 0) > 500 ? 'warn' : undefined}>
        <p class="big" data-testid="queue-depth">
          {figure(depth(m), 0)}
        </p>
        <LineChart series={[{ label: 'jobs', values: history.map(depth) }]} />
        <p class="muted">oldest open reservation {figure(m.oldestOpenReservationSeconds, 0)} s</p>
      </Card>
      <Card title="Chain-poller lag" tone={(m.pollerLagSlots ?? 0) > 300 ? 'warn' : undefined}>
        <p class="big" data-testid="poller-lag">
          {figure(m.pollerLagSlots, 0)}
        </p>
        <LineChart series={[{ label: 'slots', values: history.map((s) => s.pollerLagSlots) }]} />
        <p class="muted">slots · last poll {figure(m.pollerLastSuccessAgeSeconds, 0)} s ago</p>
      </Card>
      <Card title="Crank" tone={m.crankHealthy === null ? undefined : m.crankHealthy ? 'ok' : 'bad'}>
        <p class="big" data-testid="crank-health">
          {m.crankHealthy === null ? '—' : m.crankHealthy ? 'healthy' : 'failing'}
        </p>
        <p class="muted">
          metrics from{' '}
          {m.sources
            .filter((s) => s.ok)
            .map((s) => s.service)
            .join(', ')}
        </p>
        {down.length > 0 && (
          <p class="warn-text" role="alert" data-testid="metrics-sources-down">
            not answering: {down.map((s) => `${s.service} (${s.error ?? 'error'})`).join(', ')}
          </p>
        )}
      </Card>
    </div>
  );
}
