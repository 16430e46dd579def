// Where one transfer cycle of a coalesced session goes, from the submitter's own step histogram
// (quietpay_settlement_duration_seconds: the follow-up flush job's queue hop, the route lookup,
// taking the source lock, forming the batch, the ledger's authorization, build, sign, the ledger's
// bind, send, confirm (or, pipelined, processed under the lock and await after it), booking the
// members, and the handoff: releasing the lock and enqueuing the follow-up), read before and after a mode: the difference of each step's sum and count is that
// mode's mean. The rest is the cycle (mode seconds / transfers) minus those steps: time no flush
// ran (no charge pending), flush jobs that found the source busy, and what no timer covers.

const STEPS = ['hop', 'route', 'lock', 'form', 'authorize', 'build', 'sign', 'bind', 'send', 'confirm', 'processed', 'await', 'book', 'handoff'];
// A pipelined flush (COALESCED_PIPELINE_DEPTH > 1) waits under the lock only until `processed`;
// its `await` for confirmation runs beside the next transfer's cycle, so it is not part of the rest.
const OVERLAPPED = new Set(['await']);

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
  const stepsMs = STEPS.filter((s) => !OVERLAPPED.has(s)).reduce((t, s) => t + (means[s].mean ?? 0), 0);
  return { cycle, means, rest: cycle - stepsMs };
}

/** Markdown lines for a mode's breakdown. */
export function breakdownLines(label, b) {
  if (!b) return [];
  const f = (v) => (v === undefined ? '–' : v.toFixed(0));
  return [`| ${label} | ${f(b.cycle)} | ${STEPS.map((s) => `${f(b.means[s].mean)} (${b.means[s].count})`).join(' | ')} | ${f(b.rest)} |`];
}

export const BREAKDOWN_HEADER = [
  `| mode | cycle (ms per transfer) | ${STEPS.map((s) => `${s} (n)`).join(' | ')} | rest |`,
  `|---|---|${STEPS.map(() => '---|').join('')}---|`,
];
