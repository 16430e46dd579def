import { SettlementSubmitV1, SubmitSettlementRequest } from '@quietpay/contracts';
import { injectTraceCarrier, TracedJobData } from '@quietpay/platform';
import { Queue } from 'bullmq';
import { SubmitterConfig } from '../config.schema';
import { bullConnection, SETTLEMENT_QUEUE } from '../worker/queue.connection';

/** The settlement queue: job id = settlement id, so BullMQ itself refuses a second job for it. */
export class SettlementQueue {
  private readonly queue: Queue;

  constructor(private readonly config: SubmitterConfig) {
    this.queue = new Queue(SETTLEMENT_QUEUE, { connection: bullConnection(config.REDIS_URL), prefix: config.BULLMQ_PREFIX });
  }

  async ensureJob(request: SubmitSettlementRequest): Promise<void> {
    const data: TracedJobData = { payload: SettlementSubmitV1.request.encode(request), trace: injectTraceCarrier() };
    await this.queue.add(SETTLEMENT_QUEUE, data, {
      jobId: request.settlementId,
      attempts: this.config.SETTLEMENT_MAX_ATTEMPTS,
      backoff: { type: 'settlement' },
      // Bounded: a failure storm must not fill Redis; the settlement record keeps the outcome.
      removeOnComplete: { count: 1000, age: 24 * 3600 },
      removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
    });
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
