import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { type ChaosOptions, type ChaosResult, type ChaosStack, runChaos, type SettlementMode, startChaosStack } from './chaos-run';
import { chaosSeed, type Fault, KILLED_SERVICES, seededRandom } from './faults';

/** Every fault of the chaos tier once, in a seeded order. */
export function oneOfEachFault(seed: number, pauseMs: number): Fault[] {
  const faults: Fault[] = [
    ...KILLED_SERVICES.map((service) => ({ kind: 'kill', service }) as const),
    { kind: 'pause-ledger', ms: pauseMs },
    { kind: 'restart-nats' },
    { kind: 'restart-redis' },
  ];
  const random = seededRandom(seed ^ 0x5eed);
  for (let i = faults.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [faults[i], faults[j]] = [faults[j]!, faults[i]!];
  }
  return faults;
}

/**
 * The chaos tier for one settlement mode: a stack of real processes under a paid load, every
 * fault once at a seeded random point, then the four-source reconciliation. The seed is in every
 * failure message; CHAOS_SEED=<seed> replays the same order and points.
 */
export function chaosSuite(mode: SettlementMode): void {
  const seed = chaosSeed();
  const options: ChaosOptions = {
    mode,
    seed,
    concurrency: 2,
    recoveryBoundMs: 60_000,
    settleBoundMs: 60_000,
    reconcileIntervalMs: 2_000,
    reconcileAfterMs: 5_000,
    log: (line) => process.stdout.write(`[chaos ${mode} seed=${seed}] ${line}\n`),
  };
  let chaos: ChaosStack;
  let result: ChaosResult;

  beforeAll(async () => {
    chaos = await startChaosStack(options);
  }, 240_000);

  afterAll(async () => {
    await chaos?.stop();
  }, 60_000);

  it(`${mode}: every fault once under paid load; the four sources agree afterwards (seed ${seed})`, async () => {
    onTestFailed(() => {
      // Every process's output, for the post-mortem (too long for the failure message).
      const path = join(tmpdir(), `chaos-${mode}-${seed}.log`);
      writeFileSync(path, chaos.stack.output());
      process.stdout.write(`[chaos ${mode} seed=${seed}] service output in ${path}\n`);
    });
    result = await runChaos(chaos, oneOfEachFault(seed, 30_000), options);
    const r = result.reconciliation;
    const context = `seed ${seed} (replay: CHAOS_SEED=${seed})\n${JSON.stringify({ ...result, faults: result.faults.map((f) => ({ ...f, outageMs: f.healedMs - f.startedMs, recoveryMs: f.recoveredMs === undefined ? undefined : f.recoveredMs - f.healedMs })) }, null, 2)}`;
    expect(
      result.faults.filter((f) => f.recoveredMs === undefined).map((f) => f.fault),
      `not served again within 60 s: ${context}`,
    ).toEqual([]);
    expect(result.faults, context).toHaveLength(8);
    expect(r.served, `nothing was served: ${context}`).toBeGreaterThan(0);
    expect(r.lost, `charges lost: ${context}`).toBe(0);
    expect(r.paidTwice, `charges paid twice: ${context}`).toBe(0);
    expect(r.servedWithoutCharge, `served without a charge: ${context}`).toBe(0);
    expect(r.capExceeded, `cap exceeded: ${context}`).toBe(0);
    expect(result.openAfterBound, `reservations open after the reconciler's bound: ${context}`).toBe(0);
    expect(r.mismatches, context).toEqual([]);
  }, 420_000);
}
