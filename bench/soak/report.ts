import { machineLine } from '../chaos/report';
import { slope, type SoakSample } from './samples';

const MB_PER_HOUR_GOAL = 5;

function evenly<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.round((i * (items.length - 1)) / (count - 1))]!);
}

/** How many calls of a scheme got one answer (HTTP status and, when not served, its error). */
export interface AnswerCount {
  readonly scheme: string;
  readonly answer: string;
  readonly calls: number;
}

/** Calls counted by answer, most frequent first: why calls were not served, not only how many. */
export function answerHistogram(scheme: string, outcomes: readonly { status: number; error?: string | undefined }[]): AnswerCount[] {
  const counts = new Map<string, number>();
  for (const { status, error } of outcomes) {
    // A transport error's message may carry a port or an id: its first line, cut short, is the reason.
    const reason = status === 200 ? 'served' : (error ?? '').split('\n')[0]!.slice(0, 80) || 'no reason given';
    const answer = `${status === 0 ? 'no response' : status} ${reason}`;
    counts.set(answer, (counts.get(answer) ?? 0) + 1);
  }
  return [...counts].map(([answer, calls]) => ({ scheme, answer, calls })).sort((a, b) => b.calls - a.calls);
}

/** The soak as markdown: memory slope per service, Redis and open reservations over time. */
export function renderSoakReport(input: {
  readonly startedAt: Date;
  readonly parameters: Readonly<Record<string, unknown>> & { readonly seconds: number; readonly sampleS: number };
  readonly samples: readonly SoakSample[];
  readonly families: readonly { family: string; keys: number; withoutTtl: number }[];
  readonly calls: { readonly session: { total: number; served: number; sessions: number }; readonly private: { total: number; served: number } };
  readonly answers: readonly AnswerCount[];
}): string {
  const { samples } = input;
  // Warm-up (JIT, pools, first sessions) is not growth: the slope is fitted after the first 20 %.
  const warmS = Math.max(60, 0.2 * input.parameters.seconds);
  const steady = samples.filter((s) => s.atS >= warmS);
  const names = [...new Set(samples.flatMap((s) => Object.keys(s.rssMb)))].sort();
  const serviceRows = names.map((name) => {
    const points = steady.filter((s) => s.rssMb[name] !== undefined).map((s) => [s.atS / 3600, s.rssMb[name]!] as const);
    const mbPerHour = slope(points);
    const first = steady[0]?.rssMb[name];
    const last = samples.at(-1)?.rssMb[name];
    const verdict = mbPerHour < MB_PER_HOUR_GOAL ? 'yes' : '**no**';
    // Under an hour the fit still includes the heap growing to its working size: shown, not judged.
    return `| ${name} | ${first?.toFixed(1) ?? '–'} | ${last?.toFixed(1) ?? '–'} | ${mbPerHour.toFixed(1)} | ${input.parameters.seconds >= 3600 ? verdict : `not judged (${verdict.replace(/\*/g, '')} on this run)`} |`;
  });
  const secondHalf = samples.filter((s) => s.atS >= input.parameters.seconds / 2);
  const keysPerHour = slope(secondHalf.map((s) => [s.atS / 3600, s.redisKeys] as const));
  const redisMbPerHour = slope(secondHalf.map((s) => [s.atS / 3600, s.redisUsedMb] as const));
  const maxOpen = Math.max(0, ...samples.map((s) => s.openReservations));
  const { session, private: priv } = input.calls;
  return [
    '# soak: both schemes under a steady load',
    '',
    "Every service a process (one replica each) on a private nats-server and a private redis-server, localnet in process. Session scheme: the example paid API (`POST /api/chat`, 0.001 token) called back to back with the SDK's session `fetch`; a new session every rotation period (or sooner, once a session has served what its facilitator lamport budget pays for), each expiring a little later, so ledger keys should stop growing once the first sessions expire plus their retention. Private scheme (px402): the example private API (`/api/sentiment`, 0.01 USDC) in process, paid with the SDK's private client (payments API → chain → crank → chain-poller → gateway). Each sample reads every process's VmRSS from /proc, Redis `DBSIZE` and `used_memory`, the ledger's reserved charges and the submitter's open index.",
    '',
    machineLine(input.startedAt),
    '',
    `Parameters: ${JSON.stringify(input.parameters)}. Reproduce: \`SOAK_SECONDS=${input.parameters.seconds} node bench/soak/run.mjs\`.`,
    '',
    `Calls: session ${session.served} served of ${session.total} over ${session.sessions} sessions; private ${priv.served} served of ${priv.total}.`,
    '',
    '## Answers (every call, by HTTP status and error)',
    '',
    '| scheme | answer | calls |',
    '|---|---|---|',
    ...input.answers.map((a) => `| ${a.scheme} | ${a.answer} | ${a.calls} |`),
    '',
    `## Memory per process (VmRSS, MB; slope fitted after ${Math.round(warmS)} s of warm-up; goal < ${MB_PER_HOUR_GOAL} MB/h)`,
    '',
    '| process | RSS after warm-up | RSS at end | slope MB/h | under goal |',
    '|---|---|---|---|---|',
    ...serviceRows,
    '',
    `A slope from a run shorter than an hour extrapolates minutes of samples (GC cycles show as noise of a few MB); read it with the run length (${Math.round(input.parameters.seconds / 60)} min).`,
    '',
    '## Redis and open reservations over time',
    '',
    `Second half of the run: Redis keys ${keysPerHour >= 0 ? '+' : ''}${Math.round(keysPerHour)}/h, used memory ${redisMbPerHour >= 0 ? '+' : ''}${redisMbPerHour.toFixed(1)} MB/h; most reservations open at one sample: ${maxOpen}.`,
    '',
    '| t (s) | Redis keys | Redis used MB | reservations open | submitter open | served session | served private |',
    '|---|---|---|---|---|---|---|',
    ...evenly(samples, 16).map(
      (s) =>
        `| ${Math.round(s.atS)} | ${s.redisKeys} | ${s.redisUsedMb.toFixed(2)} | ${s.openReservations} | ${s.submitterOpen} | ${s.served.session} | ${s.served.private} |`,
    ),
    '',
    '## Redis keys at the end, by family',
    '',
    'A family without a TTL grows with traffic for good (Redis runs `noeviction`) unless something else bounds it.',
    '',
    '| family | keys | without TTL |',
    '|---|---|---|',
    ...input.families.slice(0, 25).map((f) => `| \`${f.family}\` | ${f.keys} | ${f.withoutTtl} |`),
    '',
  ].join('\n');
}
