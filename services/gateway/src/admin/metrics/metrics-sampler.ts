import { Inject, Injectable } from '@nestjs/common';
import type { MetricsSourceStatus } from '@quietpay/contracts';
import { metricsRegistry, SERVICE_CONFIG } from '@quietpay/platform';
import type { GatewayConfig } from '../../config.schema';
import type { MetricsSnapshot } from './metrics-summary';
import { parsePrometheusText, type PromSample } from './prometheus-text';

export interface Sampled {
  readonly current: MetricsSnapshot;
  /** The newest earlier scrape at least `windowMs` old, else the oldest kept; undefined on the first. */
  readonly base: MetricsSnapshot | undefined;
  readonly sources: readonly MetricsSourceStatus[];
}

// Kept scrapes span at most this long (the widest window the route accepts).
const HISTORY_MS = 10 * 60_000;
// Requests closer together than this share one scrape round: several open consoles cost one scrape.
const REUSE_MS = 1_000;

/**
 * Scrapes this gateway's own metrics and every ADMIN_METRICS_SOURCES endpoint, and keeps a short
 * history in memory so rates and latency quantiles have a window. Each gateway replica keeps its
 * own; a replica's first answer has no window yet.
 */
@Injectable()
export class MetricsSampler {
  private readonly history: { snapshot: MetricsSnapshot; sources: readonly MetricsSourceStatus[] }[] = [];
  private inFlight: Promise<{ snapshot: MetricsSnapshot; sources: readonly MetricsSourceStatus[] }> | undefined;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: GatewayConfig) {}

  async sample(windowMs: number, now: () => number = Date.now): Promise<Sampled> {
    const latest = this.history.at(-1);
    const round =
      latest !== undefined && now() - latest.snapshot.atMs < REUSE_MS
        ? latest
        : await (this.inFlight ??= this.scrape(now).finally(() => (this.inFlight = undefined)));
    const earlier = this.history.filter((h) => h.snapshot.atMs < round.snapshot.atMs);
    const base = earlier.filter((h) => round.snapshot.atMs - h.snapshot.atMs >= windowMs).at(-1) ?? earlier[0];
    return { current: round.snapshot, base: base?.snapshot, sources: round.sources };
  }

  private async scrape(now: () => number) {
    const samples: Record<string, PromSample[]> = { gateway: parsePrometheusText(await metricsRegistry.metrics()) };
    const sources: MetricsSourceStatus[] = [{ service: 'gateway', ok: true }];
    const remote = await Promise.all(this.config.ADMIN_METRICS_SOURCES.map(async (source) => ({ source, read: await this.fetchText(source.url) })));
    for (const { source, read } of remote) {
      if (typeof read === 'string') {
        samples[source.service] = [...(samples[source.service] ?? []), ...parsePrometheusText(read)];
        sources.push({ service: source.service, url: source.url, ok: true });
      } else {
        sources.push({ service: source.service, url: source.url, ok: false, error: read.error });
      }
    }
    const round = { snapshot: { atMs: now(), samples }, sources };
    this.history.push(round);
    const oldest = round.snapshot.atMs - HISTORY_MS;
    while ((this.history[0]?.snapshot.atMs ?? Infinity) < oldest) this.history.shift();
    return round;
  }

  private async fetchText(url: string): Promise<string | { error: string }> {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.config.ADMIN_METRICS_TIMEOUT_MS) });
      if (!res.ok) return { error: `HTTP ${res.status}` };
      return await res.text();
    } catch (error) {
      return { error: error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'unreachable' };
    }
  }
}
