import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { LOGGER, SERVICE_CONFIG } from '@quietpay/platform';
import { Worker } from 'bullmq';
import { Logger } from 'pino';
import { SubmitterConfig } from '../config.schema';
import { SettlementQueue } from '../settlement/settlement.queue';
import { FlushBatchUseCase } from './flush-batch.usecase';
import { ProcessSettlementUseCase } from './process-settlement.usecase';
import { startSettlementWorker } from './settlement.worker';

/** Starts the BullMQ worker once the app is wired and stops it first on shutdown. */
@Injectable()
export class SettlementWorkerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker: Worker | undefined;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: SubmitterConfig,
    private readonly process: ProcessSettlementUseCase,
    private readonly flush: FlushBatchUseCase,
    private readonly queue: SettlementQueue,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = startSettlementWorker(this.config, this.process, this.flush, this.logger);
  }

  // Workers first (they finish their active job), then the queue.
  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
  }
}
