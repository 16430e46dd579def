import { SettlementSubmitV1, SubmitSettlementRequest } from '@quietpay/contracts';
import { injectTraceCarrier, TracedJobData } from '@quietpay/platform';
import { Job, Queue } from 'bullmq';
import { SubmitterConfig } from '../config.schema';
import { BATCH_FLUSH_JOB, type BullConnection, bullConnection, SETTLEMENT_QUEUE } from '../worker/queue.connection';

/** In the job id of a flush that follows a finished batch (`flush-<session>-after-<batch>`). */
export const FOLLOW_UP_MARK = '-after-';

/** The settlement queue: job id = settlement id, so BullMQ itself refuses a second job for it. */
export class SettlementQueue {
  private readonly queue: Queue;
  private readonly bull: BullConnection;

  constructor(private readonly config: SubmitterConfig) {
    this.bull = bullConnection(config);
    this.queue = new Queue(SETTLEMENT_QUEUE, { connection: this.bull.connection, prefix: config.BULLMQ_PREFIX });
  }

  /**
   * The settlement's job, created once; a job that already ended (failed: attempts or stalls ran
   * out; completed) is revived, since the caller only asks for a settlement that is not finished:
   * a client's retry of the same payment, or the reconciler, starts it again under the same id.
   * Returns whether a job was created or revived.
   */
  async ensureJob(request: SubmitSettlementRequest): Promise<boolean> {
    const data: TracedJobData = { payload: SettlementSubmitV1.request.encode(request), trace: injectTraceCarrier() };
    const existing = await this.queue.getJob(request.settlementId);
    if (existing) return this.revive(existing);
    await this.queue.add(SETTLEMENT_QUEUE, data, {
      jobId: request.settlementId,
      attempts: this.config.SETTLEMENT_MAX_ATTEMPTS,
      backoff: { type: 'settlement' },
      // Bounded: a failure storm must not fill Redis; the settlement record keeps the outcome.
      removeOnComplete: { count: 1000, age: 24 * 3600 },
      removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
    });
    return true;
  }

  /** Whether the settlement has a job that will still run (waiting, delayed, active). */
  async hasLiveJob(settlementId: string): Promise<boolean> {
    const job = await this.queue.getJob(settlementId);
    if (!job) return false;
    const state = await job.getState();
    return state !== 'completed' && state !== 'failed' && state !== 'unknown';
  }

  private async revive(job: Job): Promise<boolean> {
    const state = await job.getState();
    if (state !== 'failed' && state !== 'completed') return false;
    // Another caller may revive it between the read and the retry: BullMQ then refuses ours.
    await job.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true }).catch(() => undefined);
    return true;
  }

  /**
   * The session's flush for the window that ends after `delayMs`: the job id names session and
   * window, so every charge of one window schedules the same single flush. `after` (a finished
   * batch id) schedules a follow-up when more charges are pending than one batch takes.
   */
  async ensureFlush(sessionId: string, delayMs: number, after?: string): Promise<void> {
    const window = Math.floor((Date.now() + delayMs) / Math.max(1, this.config.BATCH_WINDOW_MS));
    const data: TracedJobData = { payload: { sessionId }, trace: injectTraceCarrier() };
    await this.queue.add(BATCH_FLUSH_JOB, data, {
      jobId: after === undefined ? `flush-${sessionId}-${window}` : `flush-${sessionId}${FOLLOW_UP_MARK}${after}`,
      delay: delayMs,
      attempts: this.config.SETTLEMENT_MAX_ATTEMPTS,
      backoff: { type: 'settlement' },
      removeOnComplete: { count: 1000, age: 24 * 3600 },
      removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
    });
  }

  async close(): Promise<void> {
    await this.queue.close();
    await this.bull.release();
  }
}
