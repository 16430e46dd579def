import { randomUUID } from 'node:crypto';
import { LuaScript, type RedisClient } from '@quietpay/platform';
import { SourceLocks } from '../ports/source-locks.port';
import { submitterError } from '../submitter.errors';

// Each account's lock is its own key (they hash to different cluster slots), so each script is
// about one key; `tryAcquire` makes the set all or nothing by giving back what it took.
const ACQUIRE = `return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') and 1 or 0`;
// Delete / extend only while we still own the lock: after a TTL expiry another replica may hold it.
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end return 1`;
const EXTEND = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

const ACQUIRE_SCRIPT = new LuaScript(ACQUIRE);
const RELEASE_SCRIPT = new LuaScript(RELEASE);
const EXTEND_SCRIPT = new LuaScript(EXTEND);

/** Between a named holder and the random part of its token (a UUID has none). */
const HOLDER_SEPARATOR = '|';

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
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {}

  async tryAcquire(source: string, destination?: string, holder?: string): Promise<HeldLock | undefined> {
    const keys = [this.sourceKey(source), ...(destination === undefined ? [] : [`${this.prefix}:lock:destination:${destination}`])];
    // The holder's name leads the token (its own, unguessable part follows the last separator).
    const token = holder === undefined ? randomUUID() : `${holder}${HOLDER_SEPARATOR}${randomUUID()}`;
    const taken: string[] = [];
    for (const key of keys) {
      if ((await ACQUIRE_SCRIPT.run(this.redis, [key], [token, String(this.ttlMs)])) !== 1) {
        // Not all of them: none (a try never waits holding a part, so two holders cannot deadlock).
        await this.release({ keys: taken, token });
        return undefined;
      }
      taken.push(key);
    }
    return { keys, token };
  }

  async holderOf(source: string): Promise<string | undefined> {
    const token = await this.redis.get(this.sourceKey(source));
    const at = token?.lastIndexOf(HOLDER_SEPARATOR) ?? -1;
    return token === null || token === undefined || at < 0 ? undefined : token.slice(0, at);
  }

  private sourceKey(source: string): string {
    return `${this.prefix}:lock:source:${source}`;
  }

  /** Refreshes the TTL while a long confirmation runs; false when the lock was lost. */
  async extend(lock: HeldLock): Promise<boolean> {
    const extended = await Promise.all(lock.keys.map((key) => EXTEND_SCRIPT.run(this.redis, [key], [lock.token, String(this.ttlMs)])));
    return extended.every((answer) => answer === 1);
  }

  /**
   * `extend`, for work that must not go on without the lock: throws a retryable
   * `source_lock_lost` so the attempt stops and BullMQ retries it later.
   */
  async keepAlive(lock: HeldLock): Promise<void> {
    if (!(await this.extend(lock))) {
      throw submitterError('source_lock_lost', 'source lock expired while confirming');
    }
  }

  async release(lock: HeldLock): Promise<void> {
    await Promise.all(lock.keys.map((key) => RELEASE_SCRIPT.run(this.redis, [key], [lock.token])));
  }
}
