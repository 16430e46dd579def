import { pollerStepDuration } from '@quietpay/platform';

export type PollStep = 'wake_wait' | 'slot' | 'signatures' | 'fetch' | 'index' | 'publish' | 'watermark' | 'total';

/**
 * Milliseconds spent per step in one pass (a poll, or notified transactions applied), summed over
 * its chunks, so the poll's log line and the `quietpay_poller_step_duration_seconds` histogram say
 * where the time between a settlement confirming and its payment being findable goes.
 */
export class PollTimings {
  readonly ms: Partial<Record<PollStep, number>> = {};
  private readonly started = performance.now();

  constructor(private readonly path: 'poll' | 'notification' = 'poll') {}

  async time<T>(step: PollStep, run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await run();
    } finally {
      this.add(step, performance.now() - started);
    }
  }

  add(step: PollStep, ms: number): void {
    this.ms[step] = (this.ms[step] ?? 0) + ms;
  }

  /** Into the histogram, once per pass, with `total` since construction; returns whole milliseconds for a log line. */
  observe(): Partial<Record<PollStep, number>> {
    this.ms.total = performance.now() - this.started;
    const rounded: Partial<Record<PollStep, number>> = {};
    for (const [step, ms] of Object.entries(this.ms) as [PollStep, number][]) {
      pollerStepDuration.observe({ path: this.path, step }, ms / 1000);
      rounded[step] = Math.round(ms);
    }
    return rounded;
  }
}
