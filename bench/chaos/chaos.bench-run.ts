import { writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { type ChaosOptions, type ChaosResult, runChaos, type SettlementMode, startChaosStack } from '../../tests/chaos/support/chaos-run';
import { chaosSeed } from '../../tests/chaos/support/faults';
import { drawFaults, type FaultMix } from './fault-mix';
import { renderChaosReport } from './report';

// bench/chaos (run through bench/chaos/run.mjs): the chaos tier for hundreds of faults per mode.

const num = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number`);
  return value;
};

const modes = (process.env['CHAOS_MODES'] ?? 'per-call,batched').split(',').map((m) => m.trim()) as SettlementMode[];
const mix: FaultMix = {
  count: num('CHAOS_FAULTS', 200),
  maxDownMs: num('CHAOS_MAX_DOWN_MS', 5_000),
  maxPauseMs: num('CHAOS_MAX_PAUSE_MS', 30_000),
  pauseShare: num('CHAOS_PAUSE_SHARE', 0.06),
  natsShare: num('CHAOS_NATS_SHARE', 0.06),
  redisShare: num('CHAOS_REDIS_SHARE', 0.06),
};
const report = process.env['BENCH_REPORT'] ?? 'bench/reports/chaos.md';

it('chaos bench', async () => {
  const startedAt = new Date();
  const seed = chaosSeed();
  const results: ChaosResult[] = [];
  const base = {
    seed,
    concurrency: num('CHAOS_CONCURRENCY', 2),
    recoveryBoundMs: num('CHAOS_RECOVERY_BOUND_MS', 60_000),
    settleBoundMs: num('CHAOS_SETTLE_BOUND_MS', 60_000),
    reconcileIntervalMs: num('CHAOS_RECONCILE_INTERVAL_MS', 2_000),
    reconcileAfterMs: num('CHAOS_RECONCILE_AFTER_MS', 5_000),
    caps: { agent: process.env['CHAOS_AGENT_CAP'] ?? '45', agent2: process.env['CHAOS_AGENT2_CAP'] ?? '2' },
    continueWithoutRecovery: true,
  };
  for (const mode of modes) {
    const options: ChaosOptions = { ...base, mode, log: (line) => process.stdout.write(`[chaos bench ${mode} seed=${seed}] ${line}\n`) };
    const chaos = await startChaosStack(options);
    try {
      results.push(await runChaos(chaos, drawFaults(seed + modes.indexOf(mode), mix), options));
    } finally {
      const logDir = process.env['CHAOS_LOG_DIR'];
      if (logDir !== undefined) writeFileSync(`${logDir}/chaos-${mode}-${seed}.log`, chaos.stack.output());
      await chaos.stop();
    }
  }
  const parameters = `seed ${seed}; ${mix.count} faults per mode (SIGKILL restarted after 0–${mix.maxDownMs} ms; shares: ledger stop ${mix.pauseShare} for 1–${mix.maxPauseMs / 1000} s, NATS restart ${mix.natsShare}, Redis restart ${mix.redisShare}); ${base.concurrency} workers per payer; price 0.01 token; caps agent ${base.caps.agent}, agent2 ${base.caps.agent2}; submitter reconciler every ${base.reconcileIntervalMs} ms for settlements older than ${base.reconcileAfterMs} ms; stall detection lock 3 s, check 1 s; batch window 1 s.`;
  const command = `CHAOS_FAULTS=${mix.count} CHAOS_MODES=${modes.join(',')} CHAOS_SEED=${seed} node bench/chaos/run.mjs`;
  writeFileSync(
    report,
    renderChaosReport({ startedAt, seconds: (Date.now() - startedAt.getTime()) / 1000, parameters, results, recoveryBoundMs: base.recoveryBoundMs, command }),
  );
  process.stdout.write(`report written to ${report}\n`);
  const bad = results.filter(
    (r) => r.reconciliation.lost + r.reconciliation.paidTwice + r.reconciliation.servedWithoutCharge + r.reconciliation.capExceeded + r.openAfterBound > 0,
  );
  if (bad.length > 0) throw new Error(`money faults in ${bad.map((r) => r.mode).join(', ')}: see ${report}`);
});
