/** One submit's wait on its settlement: ends early once the record was written finished. */
export interface FinishWatch {
  /**
   * Resolves after `ms`, or earlier when the record was written finished since the last sleep began
   * (at once if that happened in between). Each wake-up ends one sleep only, so a waiter that still
   * reads the record open waits its full poll next, never spins.
   */
  sleep(ms: number): Promise<void>;
  close(): void;
}

/**
 * In-process wake-ups for per-call submits waiting on their settlement's outcome: the store calls
 * `finished` after writing a record settled or failed, and a submit waiting on that id wakes at
 * once instead of at its next poll (100 ms, i.e. ~50 ms added to every /settle on average). Only a
 * hint: the waiter still reads the record, which alone decides; a settlement finished by another
 * replica is seen by the poll as before.
 */
export class FinishedSettlements {
  private readonly watchers = new Map<string, Set<() => void>>();

  finished(settlementId: string): void {
    for (const wake of this.watchers.get(settlementId) ?? []) wake();
  }

  /** Start before reading the record, so a finish between the read and the sleep still wakes it. */
  watch(settlementId: string): FinishWatch {
    let happened = false;
    let wakeSleeper: (() => void) | undefined;
    const wake = (): void => {
      if (wakeSleeper) wakeSleeper();
      else happened = true;
    };
    const set = this.watchers.get(settlementId) ?? new Set();
    set.add(wake);
    this.watchers.set(settlementId, set);
    return {
      sleep: (ms) => {
        if (happened) {
          happened = false;
          return Promise.resolve();
        }
        return new Promise((resolve) => {
          const timer = setTimeout(done, ms);
          function done(): void {
            clearTimeout(timer);
            wakeSleeper = undefined;
            resolve();
          }
          wakeSleeper = done;
        });
      },
      close: () => {
        set.delete(wake);
        if (set.size === 0 && this.watchers.get(settlementId) === set) this.watchers.delete(settlementId);
      },
    };
  }
}
