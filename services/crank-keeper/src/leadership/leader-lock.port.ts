/** A lease held by one owner token at a time, expiring after its TTL unless renewed. */
export interface LeaderLock {
  /** True when the lease was free and is now ours. */
  tryAcquire(owner: string, ttlMs: number): Promise<boolean>;
  /** True when the lease was still ours and its TTL was reset; false when it was lost. */
  renew(owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if (and only if) we still hold it. */
  release(owner: string): Promise<void>;
  holder(): Promise<string | undefined>;
}
