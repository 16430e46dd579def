// Formatting and history for the overview's metrics (GET /metrics/summary). A null figure is
// "not reported" and is drawn as a gap, never as zero.

/** Appends an answer to the chart history, keeping the newest `kept`; the same scrape twice is kept once. */
export function appendPoint<T extends { readonly sampledAt: string }>(history: readonly T[], next: T, kept: number): T[] {
  const last = history.at(-1);
  const base = last !== undefined && last.sampledAt === next.sampledAt ? history.slice(0, -1) : history;
  return [...base, next].slice(-kept);
}

/** A number with `digits` decimals, or an em dash when not reported. */
export function figure(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined ? '—' : value.toFixed(digits);
}

/** Seconds as milliseconds ("12 ms"), or an em dash. */
export function millis(seconds: number | null | undefined): string {
  return seconds === null || seconds === undefined ? '—' : `${Math.round(seconds * 1000)} ms`;
}
