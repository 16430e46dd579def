/** Sums decimal base-unit strings exactly. */
export function sumAmounts(amounts: Iterable<string>): string {
  let total = 0n;
  for (const a of amounts) total += BigInt(a);
  return total.toString();
}

/** First and last characters of a long id, for tables (the full value is in the title). */
export function short(id: string, keep = 6): string {
  return id.length <= keep * 2 + 1 ? id : `${id.slice(0, keep)}…${id.slice(-keep)}`;
}

export function when(iso: string | number): string {
  const d = typeof iso === 'number' ? new Date(iso) : new Date(iso);
  return Number.isNaN(d.getTime())
    ? '-'
    : d
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z');
}

/** Counts per bucket of `bucketMs` over the last `buckets` buckets ending now. */
export function perBucket(times: readonly number[], bucketMs: number, buckets: number, now = Date.now()): number[] {
  const counts = new Array<number>(buckets).fill(0);
  for (const t of times) {
    const age = Math.floor((now - t) / bucketMs);
    if (age < 0 || age >= buckets) continue;
    const i = buckets - 1 - age;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}
