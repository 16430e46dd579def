import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { registerSettlementQueueDepth, SERVICE_CONFIG } from '@quietpay/platform';
import { Queue } from 'bullmq';
import { SubmitterConfig } from '../config.schema';
import { type BullConnection, bullConnection, SETTLEMENT_QUEUE } from '../worker/queue.connection';

/**
 * Feeds `quietpay_settlement_queue_depth{queue="settlement"}` (the HPA's external metric) from
 * BullMQ's counts at scrape time, so the figure is Redis's, shared by every replica, not a local tally.
 */
@Injectable()
export class SettlementQueueDepthMetric implements OnApplicationShutdown {
  private readonly queue: Queue;
  private readonly bull: BullConnection;

  constructor(@Inject(SERVICE_CONFIG) config: SubmitterConfig) {
    this.bull = bullConnection(config);
    this.queue = new Queue(SETTLEMENT_QUEUE, { connection: this.bull.connection, prefix: config.BULLMQ_PREFIX });
    registerSettlementQueueDepth('settlement', async () => {
      const counts = await this.queue.getJobCounts('waiting', 'delayed', 'active');
      return (counts['waiting'] ?? 0) + (counts['delayed'] ?? 0) + (counts['active'] ?? 0);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
    await this.bull.release();
  }
}
