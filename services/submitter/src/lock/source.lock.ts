import { randomUUID } from 'node:crypto';
import { QuietpayError } from '@quietpay/platform';
import { Redis } from 'ioredis';
import { SourceLocks } from '../ports/source-locks.port';

// All or nothing: a holder owns every account of its transfer, or none (no partial hold to wait on).
const ACQUIRE = `
for i = 1, #KEYS do if redis.call('EXISTS', KEYS[i]) == 1 then return 0 end end
for i = 1, #KEYS do redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2]) end
return 1`;
// Delete / extend only while we still own the lock: after a TTL expiry another replica may hold it.
const RELEASE = `for i = 1, #KEYS do if redis.call('GET', KEYS[i]) == ARGV[1] then redis.call('DEL', KEYS[i]) end end return 1`;
const EXTEND = `
for i = 1, #KEYS do if redis.call('GET', KEYS[i]) ~= ARGV[1] then return 0 end end
for i = 1, #KEYS do redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
return 1`;

export interface HeldLock {
  readonly keys: readonly string[];
  readonly token: string;
}

/**
 * One transfer in flight per source token account (and, when asked, per destination token account:
 * batch flushes ask), across every submitter replica. IncoToken transfers derive the allowance PDAs they grant from both accounts'
 * balance handles as they will be after the transfer (learned by simulation at build time). Two
 * transfers in flight from one source, or to one destination, are built against the same handle:
 * whichever lands second fails (Anchor 2006, or refused at preflight). Per source alone is not
 * enough: sixteen payers flushing to one merchant lost whole batches that way (each loser rebuilt
 * into the next race until it ran out of rebuilds). The TTL bounds the damage of a crashed holder.
 */
export class SourceLock implements SourceLocks {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {}

  async tryAcquire(source: string, destination?: string): Promise<HeldLock | undefined> {
    const keys = [`${this.prefix}:lock:source:${source}`, ...(destination === undefined ? [] : [`${this.prefix}:lock:destination:${destination}`])];
    const token = randomUUID();
    const ok = await this.redis.eval(ACQUIRE, keys.length, ...keys, token, String(this.ttlMs));
    return ok === 1 ? { keys, token } : undefined;
  }

  /** Refreshes the TTL while a long confirmation runs; false when the lock was lost. */
  async extend(lock: HeldLock): Promise<boolean> {
    return (await this.redis.eval(EXTEND, lock.keys.length, ...lock.keys, lock.token, String(this.ttlMs))) === 1;
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
    await this.redis.eval(RELEASE, lock.keys.length, ...lock.keys, lock.token);
  }
}
