import { describe, expect, it } from 'vitest';
import type { LeaderLock } from './leader-lock.port';
import { LeaderElection } from './leader-election';

/** An in-memory lease with a manual clock, same contract as the Redis one. */
function memoryLock() {
  let holder: { owner: string; expiresAt: number } | undefined;
  const clock = { now: 0 };
  const live = () => (holder && holder.expiresAt > clock.now ? holder : undefined);
  const lock: LeaderLock & { failRenew?: boolean } = {
    tryAcquire: async (owner, ttl) => {
      if (live()) return false;
      holder = { owner, expiresAt: clock.now + ttl };
      return true;
    },
    renew: async (owner, ttl) => {
      if (lock.failRenew) throw new Error('redis down');
      const h = live();
      if (h?.owner !== owner) return false;
      h.expiresAt = clock.now + ttl;
      return true;
    },
    release: async (owner) => {
      if (live()?.owner === owner) holder = undefined;
    },
    holder: async () => live()?.owner,
  };
  return { lock, clock };
}

describe('LeaderElection', () => {
  it('elects exactly one of two replicas and keeps it while it renews', async () => {
    const { lock, clock } = memoryLock();
    const a = new LeaderElection(lock, 'a', 1000);
    const b = new LeaderElection(lock, 'b', 1000);
    expect([await a.step(), await b.step()]).toEqual(['acquired', 'standby']);
    clock.now = 600;
    expect([await a.step(), await b.step()]).toEqual(['kept', 'standby']);
    clock.now = 1200;
    expect([await a.step(), await b.step()]).toEqual(['kept', 'standby']);
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);
  });

  it('hands over once a dead leader lease expires, and the old leader learns it lost', async () => {
    const { lock, clock } = memoryLock();
    const a = new LeaderElection(lock, 'a', 1000);
    const b = new LeaderElection(lock, 'b', 1000);
    await a.step();
    clock.now = 999;
    expect(await b.step()).toBe('standby');
    clock.now = 1001;
    expect(await b.step()).toBe('acquired');
    expect(await a.step()).toBe('lost');
    expect(await lock.holder()).toBe('b');
  });

  it('steps down when renewal errors', async () => {
    const { lock } = memoryLock();
    const a = new LeaderElection(lock, 'a', 1000);
    await a.step();
    lock.failRenew = true;
    expect(await a.step()).toBe('lost');
    expect(a.isLeader).toBe(false);
  });

  it('releases only its own lease on resign', async () => {
    const { lock } = memoryLock();
    const a = new LeaderElection(lock, 'a', 1000);
    const b = new LeaderElection(lock, 'b', 1000);
    await a.step();
    await b.resign();
    expect(await lock.holder()).toBe('a');
    await a.resign();
    expect(await lock.holder()).toBeUndefined();
    expect(await b.step()).toBe('acquired');
  });
});
