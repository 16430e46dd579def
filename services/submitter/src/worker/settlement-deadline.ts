/**
 * How long a settlement keeps being retried through unavailability (ledger, NATS, Redis, RPC)
 * before a failure that is not terminal releases it: counted from the first submit, not in
 * attempts, so a 30-second outage costs a few retries and never a charge.
 */
export class SettlementDeadline {
  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  passed(createdAtMs: number | undefined): boolean {
    return createdAtMs !== undefined && this.now() > createdAtMs + this.windowMs;
  }
}
