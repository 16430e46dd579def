import { Inject, Injectable } from '@nestjs/common';
import { REDIS, SERVICE_CONFIG, type RedisClient } from '@quietpay/platform';
import type { CrankKeeperConfig } from '../config.schema';
import type { LeaderLock } from './leader-lock.port';

// Renew and release compare the owner token first, so a replica whose lease already expired
// (GC pause, partition) cannot extend or delete the lease a successor now holds.
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/** Redis key `<prefix>:leader`: value = owner token, PX = TTL. */
@Injectable()
export class LeaderLockRepository implements LeaderLock {
  private readonly key: string;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(SERVICE_CONFIG) config: CrankKeeperConfig,
  ) {
    this.key = `${config.REDIS_KEY_PREFIX}:leader`;
  }

  async tryAcquire(owner: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.key, owner, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async renew(owner: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.eval(RENEW, 1, this.key, owner, String(ttlMs))) === 1;
  }

  async release(owner: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key, owner);
  }

  async holder(): Promise<string | undefined> {
    return (await this.redis.get(this.key)) ?? undefined;
  }
}
