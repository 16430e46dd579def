import type { RedisClient } from '@quietpay/platform';
import { ledgerKeys } from '../ledger/ledger.keys';
import { ADD_FACILITATOR_LAMPORTS_SCRIPT, DROP_LAMPORT_HOLD_SCRIPT } from './facilitator-lamports.lua';

export type AddedLamports =
  { readonly counted: false } | { readonly counted: true; readonly total: number; readonly budget: number; readonly reachedBudget: boolean };

/** A session's facilitator lamports (what its confirmed transactions cost), beside its ledger keys. */
export class FacilitatorLamportsRepository {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly retentionSeconds: number,
  ) {}

  async isCounted(sessionId: string, signature: string): Promise<boolean> {
    return (await this.redis.exists(this.marker(sessionId, signature))) === 1;
  }

  /**
   * Adds `lamports` for `signature` unless that signature was counted already; with
   * `settledChargeKey` (the idempotency key of the charge it paid), that charge's lamport hold is
   * dropped in the same step.
   */
  async add(sessionId: string, signature: string, lamports: bigint, settledChargeKey?: string): Promise<AddedLamports> {
    const keys = ledgerKeys(this.prefix, sessionId);
    const scriptKeys = [keys.session, this.marker(sessionId, signature), ...(settledChargeKey === undefined ? [] : [keys.charge(settledChargeKey)])];
    const [total, budget, reached] = (await this.redis.eval(
      ADD_FACILITATOR_LAMPORTS_SCRIPT,
      scriptKeys.length,
      ...scriptKeys,
      lamports.toString(),
      String(this.retentionSeconds),
    )) as [number, number, number];
    if (total < 0) return { counted: false };
    return { counted: true, total, budget, reachedBudget: reached === 1 };
  }

  /** Drops a settled charge's hold when its signature's cost is counted already; false when it is not (the hold stays). */
  async dropHoldIfCounted(sessionId: string, signature: string, settledChargeKey: string): Promise<boolean> {
    const keys = ledgerKeys(this.prefix, sessionId);
    return (await this.redis.eval(DROP_LAMPORT_HOLD_SCRIPT, 3, keys.session, this.marker(sessionId, signature), keys.charge(settledChargeKey))) === 1;
  }

  /** Lamports held for the session's charges in flight (estimates not yet replaced by a confirmed cost). */
  async held(sessionId: string): Promise<number> {
    return Number((await this.redis.hget(ledgerKeys(this.prefix, sessionId).session, 'lamportsHeld')) ?? '0');
  }

  /** What the session has cost the facilitator so far (0 when unknown). */
  async total(sessionId: string): Promise<number> {
    return Number((await this.redis.hget(ledgerKeys(this.prefix, sessionId).session, 'lamportsSpent')) ?? '0');
  }

  private marker(sessionId: string, signature: string): string {
    return `${ledgerKeys(this.prefix, sessionId).session}:fee:${signature}`;
  }
}
