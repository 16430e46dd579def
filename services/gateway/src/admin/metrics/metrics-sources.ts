import { SERVICE_NAMES } from '@quietpay/platform';
import { z } from 'zod';

/** A service's Prometheus endpoint the admin metrics summary scrapes. */
export interface MetricsSource {
  readonly service: string;
  readonly url: string;
}

const ENTRY = /^([a-z-]+)=(\S+)$/;

/**
 * ADMIN_METRICS_SOURCES: `service=url` pairs, comma separated, e.g.
 * `submitter=http://submitter:4035/metrics,chain-poller=http://chain-poller:4037/metrics`.
 * A service may appear once per replica (their counters add up). This gateway's own metrics are
 * always read in process, so `gateway=` entries name other gateway replicas.
 */
export const metricsSourcesField = z
  .string()
  .default('')
  .transform((text, ctx): MetricsSource[] => {
    const out: MetricsSource[] = [];
    for (const part of text
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '')) {
      const match = ENTRY.exec(part);
      const service = match?.[1];
      if (match === null || service === undefined || !(SERVICE_NAMES as readonly string[]).includes(service)) {
        ctx.addIssue({ code: 'custom', message: `"${part}" is not service=url with a service among ${SERVICE_NAMES.join(', ')}` });
        continue;
      }
      const url = z.url({ protocol: /^https?$/ }).safeParse(match[2]);
      if (!url.success) ctx.addIssue({ code: 'custom', message: `${service}: "${match[2]}" is not an http(s) URL` });
      else out.push({ service, url: url.data });
    }
    return out;
  });
