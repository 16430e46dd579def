import type { Logger } from 'pino';
import type { Gauge } from 'prom-client';
import type { FacilitatorSpendReader } from './facilitator-spend.reader';

const LAMPORTS_PER_SOL = 1_000_000_000;

/**
 * Polls the facilitator's SOL balance into `quietpay_facilitator_sol_balance` on a timer, never per
 * request: what alerts and the dashboard watch, at the cost of one getBalance per interval.
 */
export class FacilitatorBalancePoller {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly reader: FacilitatorSpendReader,
    private readonly gauge: Gauge,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async poll(): Promise<void> {
    try {
      this.gauge.set((await this.reader.balance()) / LAMPORTS_PER_SOL);
    } catch (error) {
      // The gauge keeps its last value; a stale balance is what the alert's `for:` tolerates.
      this.logger.warn({ err: error }, 'facilitator balance not read');
    }
  }
}
