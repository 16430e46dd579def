// The small statistics and machine facts every bench report carries.
import { cpus, totalmem } from 'node:os';

/** Nearest-rank percentile of an ascending array (undefined when empty). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** p50/p95/p99/max (ms) of a list of durations. */
export function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.length === 0 ? undefined : sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { n: sorted.length, mean, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) };
}

export const ms = (v) => (v === undefined ? '–' : v >= 100 ? v.toFixed(0) : v.toFixed(1));

export function machine() {
  const cpu = cpus();
  return { cores: cpu.length, cpu: cpu[0]?.model?.trim() ?? 'unknown', memGiB: (totalmem() / 2 ** 30).toFixed(1), node: process.version };
}
