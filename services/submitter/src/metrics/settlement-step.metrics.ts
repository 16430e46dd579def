import { settlementsTotal, settlementStepDuration } from '@quietpay/platform';

/**
 * A settlement's steps: build, sign, send, confirm (every transfer; `processed` instead when a
 * pipelined flush waits under the source lock only until the node applied it, and `await` for
 * its confirmation wait after releasing the lock); authorize and bind (the
 * ledger's grant and binding of the transaction); and a flush's own: route (the session's source
 * and destination), lock (taking the source lock), form (forming or resuming the batch), book
 * (its members), handoff (releasing the lock and enqueuing the follow-up flush) and hop (a
 * follow-up flush job's wait from its enqueue until a worker ran it). Together they split a
 * coalesced transfer cycle end to end (bench/settle/steps.mjs).
 */
export type SettlementStep =
  'build' | 'sign' | 'send' | 'confirm' | 'processed' | 'await' | 'authorize' | 'bind' | 'book' | 'route' | 'lock' | 'form' | 'handoff' | 'hop';

/** Runs one settlement step and records its duration (failures too: a slow timeout is a slow step). */
export async function timedStep<T>(step: SettlementStep, run: () => Promise<T>): Promise<T> {
  const observe = settlementStepDuration.startTimer({ step });
  try {
    return await run();
  } finally {
    observe();
  }
}

/** Records a step that was timed elsewhere (a queue wait, from the job's own timestamps). */
export function observeStep(step: SettlementStep, ms: number): void {
  settlementStepDuration.observe({ step }, Math.max(0, ms) / 1000);
}

/** What a settlement job attempt ended as: `confirmed`, `failed` (released) or `retry` (BullMQ backs off). */
export function countJobOutcome(outcome: 'confirmed' | 'failed' | 'retry'): void {
  settlementsTotal.inc({ scheme: 'session', outcome });
}
