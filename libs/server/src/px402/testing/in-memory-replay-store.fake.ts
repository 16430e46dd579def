import { ReplayStore } from '../ports/replay-store.port';

/** Unit-test double: one process's memory, TTL ignored. Production uses {@link RedisReplayStore}. */
export class InMemoryReplayStore implements ReplayStore {
  readonly claimed = new Set<string>();

  async claim(paymentId: string): Promise<boolean> {
    if (this.claimed.has(paymentId)) return false;
    this.claimed.add(paymentId);
    return true;
  }
}
