import type { StackService } from '../../support/quietpay-stack';
import type { RedisServerProcess } from '../../support/redis-server.process';
import type { SessionStack } from '../../support/session-stack';

/** The services whose SIGKILL the chaos tier injects. */
export const KILLED_SERVICES = ['gateway', 'session-ledger', 'submitter', 'tx-builder', 'signer'] as const satisfies readonly StackService[];

export type Fault =
  /** SIGKILL, then restart after `downMs` (default at once). */
  | { readonly kind: 'kill'; readonly service: (typeof KILLED_SERVICES)[number]; readonly downMs?: number }
  | { readonly kind: 'pause-ledger'; readonly ms: number }
  | { readonly kind: 'restart-nats' }
  | { readonly kind: 'restart-redis' };

export const faultName = (fault: Fault): string =>
  fault.kind === 'kill' ? `kill ${fault.service}` : fault.kind === 'pause-ledger' ? 'stop session-ledger' : fault.kind.replace('-', ' ');

/** When a fault began and when the broken part was back (restarted, resumed). */
export interface FaultWindow {
  readonly startedMs: number;
  readonly healedMs: number;
}

/** What a fault acts on. */
export interface FaultTargets {
  readonly stack: SessionStack;
  readonly redis: RedisServerProcess;
}

function liveProcess(stack: SessionStack, name: StackService) {
  const proc = stack.processes.find((p) => p.name === name && p.pid !== undefined);
  if (!proc) throw new Error(`no running ${name}`);
  return proc;
}

/**
 * Breaks one part and brings it back: SIGKILL and restart (same environment, same port), SIGSTOP
 * the ledger for `ms` then SIGCONT (it holds its connections and requests, the nastier outage), or
 * crash nats-server / redis-server and start them again on their ports (Redis keeps its AOF).
 */
export async function inject(fault: Fault, { stack, redis }: FaultTargets): Promise<FaultWindow> {
  const startedMs = Date.now();
  switch (fault.kind) {
    case 'kill': {
      const restart = await stack.kill(fault.service);
      // A longer outage when asked (bench/chaos varies them): the gap is the fault, not a wait.
      if (fault.downMs !== undefined && fault.downMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.downMs));
      await restart();
      break;
    }
    case 'pause-ledger': {
      const ledger = liveProcess(stack, 'session-ledger');
      ledger.signal('SIGSTOP');
      // The outage itself: its length is the point of this fault, not a wait for something.
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
      ledger.signal('SIGCONT');
      break;
    }
    case 'restart-nats':
      await stack.nats.crash();
      await stack.nats.start();
      break;
    case 'restart-redis':
      await redis.crash();
      await redis.start();
      break;
  }
  return { startedMs, healedMs: Date.now() };
}

/** A small seeded PRNG (mulberry32): the same seed replays the same fault points. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of this run: CHAOS_SEED to replay one, else a fresh one (printed by the caller). */
export function chaosSeed(): number {
  const given = process.env['CHAOS_SEED'];
  if (given !== undefined && given !== '') {
    const seed = Number(given);
    if (!Number.isInteger(seed)) throw new Error(`CHAOS_SEED must be an integer, got ${given}`);
    return seed;
  }
  return Math.floor(Math.random() * 2 ** 31);
}
