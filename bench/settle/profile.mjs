// Where a service's CPU went: a V8 .cpuprofile (node --cpu-prof) reduced to self time per category
// (crypto, Redis client, NATS, HTTP, Nest, tracing, logging, validation, serialization, GC...).
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const BUILTIN_LABEL = 'V8 builtins, JSON, regexps';

// First match wins: ordered from the most specific.
const CATEGORIES = [
  ['(idle)', /^\(idle\)$/],
  ['GC', /^\(garbage collector\)$/],
  ['crypto (ed25519, hashing)', /tweetnacl|@noble|node:crypto|internal\/crypto/],
  ['tracing (OpenTelemetry)', /@opentelemetry/],
  ['logging (pino)', /pino|sonic-boom/],
  ['Redis client (ioredis)', /ioredis|redis-parser|cluster-key-slot/],
  ['NATS client', /\/nats\/|nats-base-client|@nats-io/],
  ['HTTP (express, body parsing)', /express|body-parser|router|raw-body|iconv|qs\/|finalhandler|send\/|content-type/],
  ['Nest (DI, interceptors, microservices)', /@nestjs|rxjs|reflect-metadata/],
  ['validation (zod)', /\/zod\//],
  ['serialization (protobuf)', /@bufbuild/],
  ['quietpay code', /\/(services|libs)\/[^/]+\/dist\//],
  ['node internals (net, http, streams, timers)', /^node:|internal\//],
  [BUILTIN_LABEL, /^$/],
  ['other', /./],
];

const BUILTIN = BUILTIN_LABEL;

/**
 * A sample's category: its own code's, or for a builtin (JSON.parse, a regexp, Buffer code without
 * a script URL) the nearest caller's that has one, so "JSON.parse under the NATS client" is NATS.
 */
function categoryOf(node, parents) {
  const name = node.callFrame.functionName;
  if (name === '(idle)' || name === '(garbage collector)') return CATEGORIES.find(([, re]) => re.test(name))[0];
  if (name === '(program)') return BUILTIN;
  for (let n = node; n; n = parents.get(n.id)) {
    const c = CATEGORIES.find(([, re]) => re.test(n.callFrame.url))[0];
    if (c !== BUILTIN) return c;
  }
  return BUILTIN;
}

/** CLOCK_MONOTONIC in µs: the clock V8 stamps profile samples with, so a window can be cut from outside the process. */
export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/** Self time (ms) per category of the .cpuprofiles under `dir`, counting samples within [fromUs, toUs] only. */
export function profileSummary(dir, { fromUs = 0, toUs = Infinity, only = '' } = {}) {
  // Profiles sit in <dir>/<service>-<replica>/: `only` keeps one service's (all its replicas).
  const files = readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.cpuprofile') && String(f).startsWith(only));
  const byCategory = new Map();
  for (const f of files) {
    const profile = JSON.parse(readFileSync(join(dir, String(f)), 'utf8'));
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const parents = new Map(profile.nodes.flatMap((n) => (n.children ?? []).map((c) => [c, n])));
    let t = profile.startTime;
    profile.samples.forEach((id, i) => {
      t += profile.timeDeltas[i] ?? 0;
      if (t < fromUs || t > toUs) return;
      const c = categoryOf(nodes.get(id), parents);
      byCategory.set(c, (byCategory.get(c) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    });
  }
  const busy = [...byCategory].filter(([c]) => c !== '(idle)').reduce((a, [, v]) => a + v, 0);
  return { files: files.length, busyMs: busy, categories: [...byCategory].filter(([c]) => c !== '(idle)').sort((a, b) => b[1] - a[1]) };
}

// Clock ticks per second for /proc/<pid>/stat's utime and stime (100 on Linux, asked once).
let ticksPerSecond;

/**
 * CPU time (ms, user + system) a process has used so far, from /proc: unlike profile samples, which
 * count wall time while a thread waits for a core, this is the CPU it really used, so it holds on a
 * machine other work keeps busy. Undefined where /proc is not available.
 */
export function cpuTimeMs(pid) {
  try {
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command name: state is field 3, utime 14 and stime 15 (1-based), i.e. indexes 11 and 12 here.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}
