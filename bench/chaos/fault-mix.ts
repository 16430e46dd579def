import { type Fault, KILLED_SERVICES, seededRandom } from '../../tests/chaos/support/faults';

/** How often each kind of fault comes up in a long run, and how long outages last. */
export interface FaultMix {
  readonly count: number;
  /** Longest gap between a SIGKILL and the restart (uniform from 0). */
  readonly maxDownMs: number;
  /** Longest ledger stop (uniform from 1 s). */
  readonly maxPauseMs: number;
  /** Shares of the dependency faults; the rest are SIGKILLs spread evenly over the five services. */
  readonly pauseShare: number;
  readonly natsShare: number;
  readonly redisShare: number;
}

/** `mix.count` faults drawn from the seed: mostly SIGKILLs, now and then an outage of a dependency. */
export function drawFaults(seed: number, mix: FaultMix): Fault[] {
  const random = seededRandom(seed ^ 0xc4a05);
  const faults: Fault[] = [];
  for (let i = 0; i < mix.count; i += 1) {
    const roll = random();
    if (roll < mix.pauseShare) faults.push({ kind: 'pause-ledger', ms: 1_000 + Math.floor(random() * Math.max(0, mix.maxPauseMs - 1_000)) });
    else if (roll < mix.pauseShare + mix.natsShare) faults.push({ kind: 'restart-nats' });
    else if (roll < mix.pauseShare + mix.natsShare + mix.redisShare) faults.push({ kind: 'restart-redis' });
    else {
      const service = KILLED_SERVICES[Math.floor(random() * KILLED_SERVICES.length)]!;
      faults.push({ kind: 'kill', service, downMs: Math.floor(random() * mix.maxDownMs) });
    }
  }
  return faults;
}
