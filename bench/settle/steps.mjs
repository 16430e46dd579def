// Where one transfer cycle of a coalesced session goes, from the submitter's own step histogram
// (quietpay_settlement_duration_seconds: a flush's ledger authorization, build, sign, the ledger's
// bind, send, confirm, booking the members), read before and after a mode: the difference of each
// step's sum and count is that mode's mean. The rest of a cycle (source lock, queue hops, the route
// lookup, forming the batch) is the cycle (mode seconds / transfers) minus those steps.

const STEPS = ['authorize', 'build', 'sign', 'bind', 'send', 'confirm', 'book'];

/** Each step's {sum (s), count} from the submitter's Prometheus text; undefined when it cannot be read. */
export async function readSteps(metricsUrl) {
  if (!metricsUrl) return undefined;
  try {
    const text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(5_000) })).text();
    const pick = (suffix, step) =>
      Number(new RegExp(`^quietpay_settlement_duration_seconds_${suffix}\\{[^}]*step="${step}"[^}]*\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
    return Object.fromEntries(STEPS.map((s) => [s, { sum: pick('sum', s), count: pick('count', s) }]));
  } catch {
    return undefined;
  }
}

/** Mean ms per step between two readings, plus the cycle and what the steps leave of it. */
export function cycleBreakdown(before, after, seconds, transfers) {
  if (!before || !after || !transfers) return undefined;
  const means = Object.fromEntries(
    STEPS.map((s) => {
      const count = after[s].count - before[s].count;
      return [s, { mean: count > 0 ? ((after[s].sum - before[s].sum) / count) * 1000 : undefined, count }];
    }),
  );
  const cycle = (seconds * 1000) / transfers;
  const stepsMs = STEPS.reduce((t, s) => t + (means[s].mean ?? 0), 0);
  return { cycle, means, rest: cycle - stepsMs };
}

/** Markdown lines for a mode's breakdown. */
export function breakdownLines(label, b) {
  if (!b) return [];
  const f = (v) => (v === undefined ? '–' : v.toFixed(0));
  return [`| ${label} | ${f(b.cycle)} | ${STEPS.map((s) => `${f(b.means[s].mean)} (${b.means[s].count})`).join(' | ')} | ${f(b.rest)} |`];
}

export const BREAKDOWN_HEADER = [
  '| mode | cycle (ms per transfer) | authorize (n) | build (n) | sign (n) | bind (n) | send (n) | confirm (n) | book (n) | rest: route, lock, forming, queue hops |',
  '|---|---|---|---|---|---|---|---|---|---|',
];
