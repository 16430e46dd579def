import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from './prometheus-text';

describe('parsePrometheusText', () => {
  it('reads what prom-client writes: counters, gauges, histogram buckets with +Inf, escaped label values', async () => {
    const registry = new Registry();
    new Counter({ name: 'c_total', help: 'h', labelNames: ['route'], registers: [registry] }).inc({ route: 'a "quoted" \\ path\nx' }, 3);
    new Gauge({ name: 'g', help: 'h', registers: [registry] }).set(-1.5);
    new Histogram({ name: 'h_seconds', help: 'h', buckets: [0.1, 1], registers: [registry] }).observe(0.5);
    const samples = parsePrometheusText(await registry.metrics());
    expect(samples).toContainEqual({ name: 'c_total', labels: { route: 'a "quoted" \\ path\nx' }, value: 3 });
    expect(samples).toContainEqual({ name: 'g', labels: {}, value: -1.5 });
    expect(samples).toContainEqual({ name: 'h_seconds_bucket', labels: { le: '0.1' }, value: 0 });
    expect(samples).toContainEqual({ name: 'h_seconds_bucket', labels: { le: '+Inf' }, value: 1 });
    expect(samples).toContainEqual({ name: 'h_seconds_count', labels: {}, value: 1 });
  });

  it('skips comments, blank lines and lines that do not parse, keeping the rest', () => {
    const text = '# HELP x y\n\nx{a="1"} 2 1700000000000\nbroken{a=1} 3\ny NaN\nz{} +Inf\n';
    expect(parsePrometheusText(text)).toEqual([
      { name: 'x', labels: { a: '1' }, value: 2 },
      { name: 'z', labels: {}, value: Infinity },
    ]);
  });
});
