import type { HeldLock } from '../lock/source.lock';

/** One transfer in flight per source and per destination account across replicas (adapter: lock/source.lock.ts, Redis). */
export interface SourceLocks {
  /** Both accounts or neither; undefined when either is busy (the job waits and tries again). */
  tryAcquire(source: string, destination?: string): Promise<HeldLock | undefined>;
  /** Refreshes the lock; throws retryable `source_lock_lost` when another holder has it. */
  keepAlive(lock: HeldLock): Promise<void>;
  release(lock: HeldLock): Promise<void>;
}

export const SOURCE_LOCKS = Symbol('SourceLocks');
