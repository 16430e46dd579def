import { QuietpaySdkError, readPaymentReceipt, readPaymentRequired, type SessionHandle } from '@quietpay/sdk';

/** One paid call as its client saw it. */
export interface CallOutcome {
  readonly payer: string;
  readonly sessionId: string;
  readonly startedMs: number;
  readonly endedMs: number;
  /** HTTP status, or 0 when the request itself failed (connection refused, reset). */
  readonly status: number;
  /**
   * The 402's `error` (cap_exceeded, settlement_pending, …), `session_ended` when the SDK refused to
   * call on with a session the facilitator ended (its budget spent, expired…), or the fetch error's message.
   */
  readonly error: string | undefined;
  /** From PAYMENT-RESPONSE: what the client was told about its charge. */
  readonly settlementId: string | undefined;
  readonly transaction: string | undefined;
}

/** A payer: an opened session and the name of the wallet behind it. */
export interface LoadClient {
  readonly payer: string;
  readonly handle: SessionHandle;
  /** Stop calling with this session after its first `cap_exceeded` (it cannot pay any more). */
  readonly stopAtCap: boolean;
}

type Waiter = () => void;

/**
 * Closed-loop load through the real client path: `concurrency` workers per session, each calling
 * the paid API with the SDK's session `fetch` (which signs, and re-sends the same payment while
 * the server answers settlement_pending) back to back until `stop`. Every outcome is kept, so a
 * reconciliation can compare what clients were told with the ledger and the chain.
 */
export class PaidLoad {
  readonly outcomes: CallOutcome[] = [];
  private started = 0;
  private stopping = false;
  private readonly workers: Promise<void>[] = [];
  private readonly waiters = new Set<Waiter>();

  constructor(
    private readonly url: string,
    private readonly clients: readonly LoadClient[],
    private readonly concurrency: number,
  ) {}

  start(): void {
    for (const client of this.clients) {
      const atCap = { reached: false };
      for (let i = 0; i < this.concurrency; i += 1) this.workers.push(this.work(client, atCap));
    }
  }

  /** Calls begun so far. */
  get startedCalls(): number {
    return this.started;
  }

  /** Served calls (200) that began at or after `sinceMs`. */
  servedSince(sinceMs: number): number {
    return this.outcomes.filter((o) => o.status === 200 && o.startedMs >= sinceMs).length;
  }

  /**
   * Resolves once `predicate` holds (checked after every finished or begun call), or rejects after
   * `timeoutMs` naming `what`. The timeout is the bound the caller asserts, not a pause.
   */
  until(predicate: () => boolean, what: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const check: Waiter = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`gave up after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Stops starting calls and waits for the ones in flight (the SDK's own retry bound ends them). */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.workers);
  }

  private async work(client: LoadClient, atCap: { reached: boolean }): Promise<void> {
    while (!this.stopping && !(client.stopAtCap && atCap.reached)) {
      this.started += 1;
      this.notify();
      const outcome = await this.call(client);
      if (outcome.error === 'cap_exceeded') atCap.reached = true;
      this.outcomes.push(outcome);
      this.notify();
      // The handle throws session_ended on every further call: this worker is done.
      if (outcome.error === 'session_ended') return;
      // A refused connection answers at once: give the restarting service a moment rather than spin.
      if (outcome.status === 0 || outcome.status >= 500) await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private async call(client: LoadClient): Promise<CallOutcome> {
    const startedMs = Date.now();
    const base = { payer: client.payer, sessionId: client.handle.sessionId, startedMs };
    try {
      const res = await client.handle.fetch(`${this.url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'chaos' }),
      });
      const receipt = readPaymentReceipt(res);
      let error: string | undefined;
      if (res.status !== 200) {
        error = readPaymentRequired(res)?.error ?? ((await res.json().catch(() => ({}))) as { error?: string }).error ?? `http_${res.status}`;
      }
      await res.body?.cancel().catch(() => undefined);
      const settlementId = (receipt?.extra as { settlementId?: unknown } | undefined)?.settlementId;
      return {
        ...base,
        endedMs: Date.now(),
        status: res.status,
        error,
        settlementId: typeof settlementId === 'string' ? settlementId : undefined,
        transaction: receipt?.transaction || undefined,
      };
    } catch (e) {
      const error = e instanceof QuietpaySdkError && e.code === 'session_ended' ? e.code : e instanceof Error ? e.message : String(e);
      return { ...base, endedMs: Date.now(), status: 0, error, settlementId: undefined, transaction: undefined };
    }
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
