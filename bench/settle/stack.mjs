// One stack under test: localnet (Inco module), a private nats-server and the six session services,
// as scripts/stack runs them but on ephemeral ports and per-run Redis keys. A stack kind fixes the
// settlement mode, the confirmation poll, how many gateway / session-ledger / submitter replicas run,
// and whether Redis is a Redis Cluster of the run's own (3 masters) and NATS a cluster (3 routed nodes).
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceEnv } from '../../scripts/stack/services.mjs';
import { ROOT, requireBuilt, startBus, startLocalnetProcess, startRedisClusterProcess, startService } from '../support/stack.mjs';
import { P, serviceWarnings } from './common.mjs';

const SERVICES = ['signer', 'tx-builder', 'decrypt-proxy', 'submitter', 'session-ledger', 'gateway'];
/** The two services on every charge's hot path: profiled with BENCH_CPU_PROF=1. */
export const HOT_SERVICES = ['gateway', 'session-ledger'];
/** The services an x2 kind runs twice (every charge crosses them; tx-builder and signer work per transfer). */
export const REPLICATED = ['gateway', 'session-ledger', 'submitter'];

/** Stack kinds and the modes that run on each (a mode's stack is never shared with another kind). */
export const STACKS = {
  baseline: { settlementMode: 'per-call', confirmPollMs: () => P.baselinePollMs, replicas: 1 },
  'per-call': { settlementMode: 'per-call', replicas: 1 },
  // Coalesced per-call settlement: one session's charges that arrive while its transfer is in flight share the next one.
  coalesced: { settlementMode: 'per-call', perCallSettlement: 'coalesced', replicas: 1 },
  batched: { settlementMode: 'batched', replicas: 1 },
  'batched-x2': { settlementMode: 'batched', replicas: 2 },
  // The same on a Redis Cluster of the run's own (3 masters on free ports, REDIS_CLUSTER_NODES).
  'batched-cluster': { settlementMode: 'batched', replicas: 1, redisCluster: 3 },
  'batched-cluster-x2': { settlementMode: 'batched', replicas: 2, redisCluster: 3 },
  // Both clusters: 3 routed nats-servers (services handed the nodes in turn) and the Redis Cluster.
  'batched-clusters-x2': { settlementMode: 'batched', replicas: 2, redisCluster: 3, natsNodes: 3 },
};
export const STACK_OF = {
  baseline: 'baseline',
  single: 'per-call',
  'single-32': 'per-call',
  multi: 'per-call',
  coalesced: 'coalesced',
  'coalesced-32': 'coalesced',
  batched: 'batched',
  acceptance: 'batched',
  'acceptance-x2': 'batched-x2',
  'acceptance-cluster': 'batched-cluster',
  'acceptance-cluster-x2': 'batched-cluster-x2',
  'acceptance-nats-cluster-x2': 'batched-clusters-x2',
};

/** Each service as scripts/stack runs it (Redis keys under `run:`), on its own bus user and ephemeral ports. */
function serviceEnvFor(name, info, nats, run, kind, replica, cluster) {
  const stack = STACKS[kind];
  const env = {
    ...serviceEnv(name, info, { namespace: run, ports: 'ephemeral', bus: nats, ...(cluster ? { redisUrl: cluster.urls[0] } : {}) }),
    ...(cluster ? { REDIS_CLUSTER_NODES: cluster.nodes } : {}),
    // info, not debug: a service logs nothing per request at info, so logging is not what is measured.
    LOG_LEVEL: 'info',
    INSTANCE_ID: `${run}-${name}-${replica}`,
    SETTLEMENT_MODE: stack.settlementMode,
    ...P.serviceEnv,
  };
  if (name === 'submitter')
    Object.assign(env, {
      BATCH_WINDOW_MS: String(P.batchWindowMs),
      BATCH_MAX_SIZE: String(P.batchMaxSize),
      PER_CALL_SETTLEMENT: stack.perCallSettlement ?? 'single',
    });
  // The seed's way: confirmation polled on a timer only, never woken by the chain's notification.
  if (name === 'submitter' && stack.confirmPollMs) Object.assign(env, { CONFIRM_POLL_MS: String(stack.confirmPollMs()), CONFIRM_ON_NOTIFICATIONS: 'false' });
  // The load generator is one client paying a few sessions as fast as it can: the payment rate
  // limits (which would answer 429) are off so the figure is the pipeline's, not the limiter's.
  if (name === 'gateway') env.RATE_LIMIT_PAYMENTS_PER_API_KEY = '0';
  // The per-session limit is the ledger's (counted on verified calls).
  if (name === 'session-ledger') env.RATE_LIMIT_PAYMENTS_PER_SESSION = '0';
  // Each reserved charge holds SESSION_LAMPORTS_HELD_PER_CHARGE (default 2M: a per-call transfer's
  // cost) against the session's 0.5 SOL budget until its batch confirms, so an acceptance ramp
  // stopped at ~250 charges in flight with facilitator_budget_exhausted. A batched charge's share
  // of one transfer is ~2M / BATCH_MAX_SIZE: hold that, as the config's comment suggests a batched
  // deployment does; the budget check itself still runs in every charge script.
  if (name === 'session-ledger' && stack.settlementMode === 'batched' && !('SESSION_LAMPORTS_HELD_PER_CHARGE' in P.serviceEnv))
    env.SESSION_LAMPORTS_HELD_PER_CHARGE = String(Math.ceil(2_000_000 / P.batchMaxSize));
  return env;
}

export async function startStack(dirs, kind) {
  const root = P.servicesRoot ?? ROOT;
  requireBuilt(['infra/localnet/dist/main.js', 'libs/sdk/dist/index.js', 'libs/solana/dist/index.js', 'libs/platform/dist/index.js']);
  const { info, stateDir } = await startLocalnetProcess({ slotMs: P.slotMs });
  dirs.push(stateDir);
  if (!info.mints.inco || !info.endpoints.covalidator) throw new Error(`localnet started without the Inco module (mints ${JSON.stringify(info.mints)})`);
  const run = `bench-settle-${kind}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const cluster = STACKS[kind].redisCluster ? await startRedisClusterProcess(STACKS[kind].redisCluster) : undefined;
  const nats = await startBus({ runId: run, redisNamespace: run, natsNodes: STACKS[kind].natsNodes ?? 1, redisUrls: cluster?.urls });
  dirs.push(nats.storeDir);
  const onLog = (name) => (log) => {
    if (['warn', 'error', 'fatal'].includes(log.level) || log.level >= 40 || /fail|error|reject|conflict/i.test(`${log.msg}`))
      serviceWarnings.push(
        `${name}: ${JSON.stringify({ level: log.level, msg: log.msg, err: log.err?.message ?? log.err, reason: log.reason ?? log.failureReason, code: log.code })}`,
      );
  };
  const profileDir = P.cpuProfile ? mkdtempSync(join(tmpdir(), 'qp-bench-cpuprof-')) : undefined;
  const instances = SERVICES.flatMap((name) =>
    Array.from({ length: REPLICATED.includes(name) ? STACKS[kind].replicas : 1 }, (_, replica) => ({ name, replica })),
  );
  const started = await Promise.all(
    instances.map(async ({ name, replica }) => {
      // --cpu-prof writes <dir>/<service>-<replica>/*.cpuprofile when the process exits (SIGTERM → graceful exit).
      const nodeArgs = profileDir && HOT_SERVICES.includes(name) ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, `${name}-${replica}`)}`] : [];
      const env = serviceEnvFor(name, info, nats, run, kind, replica, cluster);
      return { name, replica, natsUrl: env.NATS_URL, ...(await startService(name, env, { onLog: onLog(name), nodeArgs, root, timeoutMs: 180_000 })) };
    }),
  );
  // settlement.failed carries the chain's own detail, which the submitter's log line does not.
  const { connect } = await import('nats');
  const nc = await connect(nats.connectOptions);
  (async () => {
    for await (const m of nc.subscribe('quietpay.settlement.failed.v1')) {
      const e = JSON.parse(new TextDecoder().decode(m.data));
      serviceWarnings.push(`settlement.failed: ${e.reason ?? ''} ${(e.detail ?? JSON.stringify(e)).split('Logs:')[0].replace(/\s+/g, ' ').trim()}`);
    }
  })().catch(() => undefined);
  const gatewayUrls = started.filter((s) => s.name === 'gateway').map((s) => `http://127.0.0.1:${s.port}`);
  // The processes whose CPU time an acceptance mode reads: every replica of the replicated services,
  // the nats-server(s) and, on a Redis Cluster, each master (the shared Redis is other runs' too).
  const hot = [
    ...started.filter((s) => REPLICATED.includes(s.name)).map((s) => ({ name: s.name, pid: s.entry.child.pid })),
    ...nats.pids.map((pid) => ({ name: 'nats-server', pid })),
    ...(cluster?.pids ?? []).map((pid, k) => ({ name: `redis :${cluster.ports[k]}`, pid, shard: true })),
  ];
  const placement = {
    nats: nats.urls.length,
    redis: cluster ? `Redis Cluster, ${cluster.ports.length} masters` : 'one Redis (shared)',
    natsOf: Object.fromEntries(started.map((s) => [`${s.name}-${s.replica}`, s.natsUrl])),
  };
  const submitter = started.find((s) => s.name === 'submitter');
  const submitterMetricsUrl = submitter?.port ? `http://127.0.0.1:${submitter.port}/metrics` : undefined;
  return { info, nc, gatewayUrl: gatewayUrls[0], gatewayUrls, profileDir, hot, placement, submitterMetricsUrl };
}
