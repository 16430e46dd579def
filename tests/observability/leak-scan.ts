/**
 * A value that must not reach logs or metric labels: an address (matched as its exact base58
 * string) or an amount (matched as a whole decimal number, also zero-padded as the fixed-width
 * Inco plaintexts are, so `123457` is found in `"amount":"123457"` and `000…0123457` but not in a
 * timestamp such as `1765012345712`).
 */
export interface Needle {
  readonly what: string;
  readonly pattern: RegExp;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function addressNeedle(what: string, base58: string): Needle {
  return { what: `${what} ${base58}`, pattern: new RegExp(escape(base58), 'g') };
}

/** `baseUnits` as a whole decimal number, and also in token units (`0.123457` for 6 decimals). */
export function amountNeedles(what: string, baseUnits: bigint, decimals: number): Needle[] {
  const digits = baseUnits.toString();
  const whole = { what: `${what} ${digits}`, pattern: new RegExp(`(?<![0-9])0*${digits}(?![0-9])`, 'g') };
  if (baseUnits < 10n ** BigInt(decimals)) return [whole]; // `0.123457` holds the whole form already
  const padded = digits.padStart(decimals + 1, '0');
  const units = `${padded.slice(0, -decimals)}.${padded.slice(-decimals)}`.replace(/\.?0+$/, '');
  return [whole, { what: `${what} ${units}`, pattern: new RegExp(`(?<![0-9.])${escape(units)}(?![0-9])`, 'g') }];
}

export interface Hit {
  readonly needle: string;
  readonly source: string;
  readonly line: string;
}

/** Every line of every source that holds a needle (the line cut to 300 characters around it). */
export function scanFor(needles: readonly Needle[], sources: ReadonlyMap<string, readonly string[]>): Hit[] {
  const hits: Hit[] = [];
  for (const [source, lines] of sources) {
    for (const line of lines) {
      for (const needle of needles) {
        needle.pattern.lastIndex = 0;
        const found = needle.pattern.exec(line);
        if (found) hits.push({ needle: needle.what, source, line: line.slice(Math.max(0, found.index - 150), found.index + 150) });
      }
    }
  }
  return hits;
}

/** The needles no source holds: used to show the scan finds each one where it legitimately is. */
export function missing(needles: readonly Needle[], sources: ReadonlyMap<string, readonly string[]>): string[] {
  const found = new Set(scanFor(needles, sources).map((h) => h.needle));
  return needles.filter((n) => !found.has(n.what)).map((n) => n.what);
}

/** The series of a Prometheus text exposition (`name{labels}`), without values, HELP or TYPE lines. */
export function metricSeries(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.slice(0, line.lastIndexOf(' ')));
}
