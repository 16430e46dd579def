import { settlementsTotal, settlementStepDuration } from '@quietpay/platform';

/** A settlement's steps; authorize, bind and book are a batch flush's (the ledger's grant and binding, booking its members). */
export type SettlementStep = 'build' | 'sign' | 'send' | 'confirm' | 'authorize' | 'bind' | 'book';

/** Runs one settlement step and records its duration (failures too: a slow timeout is a slow step). */
export async function timedStep<T>(step: SettlementStep, run: () => Promise<T>): Promise<T> {
  const observe = settlementStepDuration.startTimer({ step });
  try {
    return await run();
  } finally {
    observe();
  }
}

/** What a settlement job attempt ended as: `confirmed`, `failed` (released) or `retry` (BullMQ backs off). */
export function countJobOutcome(outcome: 'confirmed' | 'failed' | 'retry'): void {
  settlementsTotal.inc({ scheme: 'session', outcome });
}
