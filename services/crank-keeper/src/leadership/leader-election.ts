import type { LeaderLock } from './leader-lock.port';

export type LeadershipChange = 'acquired' | 'lost' | 'kept' | 'standby';

/**
 * One replica's view of the election, advanced by `step()` every renew interval: a leader
 * renews (and steps down the moment renewal fails, even on a Redis error, since it can no
 * longer prove it holds the lease); a standby tries to take a free lease.
 */
export class LeaderElection {
  private leader = false;

  constructor(
    private readonly lock: LeaderLock,
    private readonly owner: string,
    private readonly ttlMs: number,
  ) {}

  get isLeader(): boolean {
    return this.leader;
  }

  async step(): Promise<LeadershipChange> {
    if (this.leader) {
      const kept = await this.lock.renew(this.owner, this.ttlMs).catch(() => false);
      this.leader = kept;
      return kept ? 'kept' : 'lost';
    }
    this.leader = await this.lock.tryAcquire(this.owner, this.ttlMs);
    return this.leader ? 'acquired' : 'standby';
  }

  async resign(): Promise<void> {
    if (!this.leader) return;
    this.leader = false;
    await this.lock.release(this.owner);
  }
}
