import type { HeldLock } from '../lock/source.lock';

/** One transfer in flight per source and per destination account across replicas (adapter: lock/source.lock.ts, Redis). */
export interface SourceLocks {
  /**
   * Both accounts or neither; undefined when either is busy (the job waits and tries again).
   * `holder`: who takes it (`holderOf` answers it to those who find the source busy).
   */
  tryAcquire(source: string, destination?: string, holder?: string): Promise<HeldLock | undefined>;
  /** Who holds the source now, as named to `tryAcquire`; undefined when free or taken unnamed. */
  holderOf(source: string): Promise<string | undefined>;
  /** Refreshes the lock; throws retryable `source_lock_lost` when another holder has it. */
  keepAlive(lock: HeldLock): Promise<void>;
  release(lock: HeldLock): Promise<void>;
}

export const SOURCE_LOCKS = Symbol('SourceLocks');
