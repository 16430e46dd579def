import { randomUUID } from 'node:crypto';
import { QuietpayError } from '@quietpay/platform';
import { Redis } from 'ioredis';
import { SourceLocks } from '../ports/source-locks.port';

// Delete / extend only while we still own the lock: after a TTL expiry another replica may hold it.
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;

export interface HeldLock {
  readonly key: string;
  readonly token: string;
}

/**
 * One transfer in flight per source token account across every submitter replica. IncoToken
 * transfers read the source balance handle, so two concurrent ones from one account would both
 * derive allowance PDAs from a stale handle. The TTL bounds the damage of a crashed holder.
 */
export class SourceLock implements SourceLocks {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {}

  async tryAcquire(source: string): Promise<HeldLock | undefined> {
    const key = `${this.prefix}:lock:source:${source}`;
    const token = randomUUID();
    const ok = await this.redis.set(key, token, 'PX', this.ttlMs, 'NX');
    return ok === 'OK' ? { key, token } : undefined;
  }

  /** Refreshes the TTL while a long confirmation runs; false when the lock was lost. */
  async extend(lock: HeldLock): Promise<boolean> {
    return (await this.redis.eval(EXTEND, 1, lock.key, lock.token, String(this.ttlMs))) === 1;
  }

  /**
   * `extend`, for work that must not go on without the lock: throws a retryable
   * `source_lock_lost` so the attempt stops and BullMQ retries it later.
   */
  async keepAlive(lock: HeldLock): Promise<void> {
    if (!(await this.extend(lock))) {
      throw new QuietpayError('source_lock_lost', 'source lock expired while confirming', { retryable: true });
    }
  }

  async release(lock: HeldLock): Promise<void> {
    await this.redis.eval(RELEASE, 1, lock.key, lock.token);
  }
}
