import { Inject, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BusClient, EventBus, LOGGER, REDIS, SERVICE_CONFIG } from '@quietpay/platform';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Logger } from 'pino';
import { SolanaChain } from './chain/solana-chain.adapter';
import { SubmitterConfig } from './config.schema';
import { SourceLock } from './lock/source.lock';
import { SettlementCollaborators } from './ports/settlement-collaborators.port';
import { SendSignedTransactionHandler } from './send-signed/send-signed-transaction.handler';
import { SendSignedTransactionUseCase } from './send-signed/send-signed-transaction.usecase';
import { SettlementHandlers } from './settlement/settlement.handlers';
import { SettlementQueueDepthMetric } from './metrics/settlement-queue-depth.metrics';
import { SettlementQueue } from './settlement/settlement.queue';
import { BatchStore } from './settlement/batch.store';
import { SettlementStore } from './settlement/settlement.store';
import { SubmitSettlementUseCase } from './settlement/submit-settlement.usecase';
import { FlushBatchUseCase } from './worker/flush-batch.usecase';
import { ProcessSettlementUseCase } from './worker/process-settlement.usecase';
import { RouteResolver } from './worker/route.resolver';
import { startSettlementWorker } from './worker/settlement.worker';
import { TransactionConfirmer } from './worker/transaction-confirmer';
import { TransferDriver } from './worker/transfer-driver';

// A blockhash lives ~150 blocks (~60 s on a real cluster); confirmation polls cover that with margin.
const CONFIRM_WINDOW_MS = 90_000;

// Config, bus, Redis, health and describe come from PlatformModule (bootstrapService).
@Module({
  controllers: [SettlementHandlers, SendSignedTransactionHandler],
  providers: [
    SettlementQueueDepthMetric,
    { provide: SolanaChain, inject: [SERVICE_CONFIG], useFactory: (c: SubmitterConfig) => new SolanaChain(c.SOLANA_RPC_URL) },
    { provide: TransactionConfirmer, inject: [SolanaChain, SERVICE_CONFIG], useFactory: (chain: SolanaChain, c: SubmitterConfig) => new TransactionConfirmer(chain, c.CONFIRM_POLL_MS) },
    {
      provide: SettlementStore,
      inject: [REDIS, SERVICE_CONFIG],
      useFactory: (redis: Redis, c: SubmitterConfig) => new SettlementStore(redis, c.SUBMITTER_KEY_PREFIX, c.SETTLEMENT_RECORD_TTL_SECONDS),
    },
    { provide: SourceLock, inject: [REDIS, SERVICE_CONFIG], useFactory: (redis: Redis, c: SubmitterConfig) => new SourceLock(redis, c.SUBMITTER_KEY_PREFIX, c.SOURCE_LOCK_TTL_MS) },
    { provide: SettlementQueue, inject: [SERVICE_CONFIG], useFactory: (c: SubmitterConfig) => new SettlementQueue(c) },
    { provide: SettlementCollaborators, inject: [BusClient, EventBus], useFactory: (bus: BusClient, events: EventBus) => new SettlementCollaborators(bus, events) },
    {
      provide: RouteResolver,
      inject: [SettlementCollaborators, SERVICE_CONFIG],
      useFactory: (peers: SettlementCollaborators, c: SubmitterConfig) => new RouteResolver(peers, c.INCO_TOKEN_PROGRAM_ID),
    },
    {
      provide: BatchStore,
      inject: [REDIS, SERVICE_CONFIG],
      useFactory: (redis: Redis, c: SubmitterConfig) => new BatchStore(redis, c.SUBMITTER_KEY_PREFIX, c.SETTLEMENT_RECORD_TTL_SECONDS),
    },
    {
      provide: SubmitSettlementUseCase,
      inject: [SettlementStore, SettlementCollaborators, SettlementQueue, BatchStore, SERVICE_CONFIG],
      useFactory: (store: SettlementStore, peers: SettlementCollaborators, queue: SettlementQueue, batches: BatchStore, c: SubmitterConfig) =>
        new SubmitSettlementUseCase(store, peers, queue, c.SETTLEMENT_WAIT_MS, 100, c.SETTLEMENT_MODE === 'batched' ? { batches, windowMs: c.BATCH_WINDOW_MS } : undefined),
    },
    {
      provide: TransferDriver,
      inject: [SolanaChain, TransactionConfirmer, SERVICE_CONFIG, LOGGER],
      useFactory: (chain: SolanaChain, confirmer: TransactionConfirmer, c: SubmitterConfig, logger: Logger) =>
        new TransferDriver(chain, confirmer, { maxRebuilds: c.SETTLEMENT_MAX_REBUILDS, maxConfirmPolls: Math.ceil(CONFIRM_WINDOW_MS / c.CONFIRM_POLL_MS) }, logger),
    },
    {
      provide: ProcessSettlementUseCase,
      inject: [SettlementStore, SourceLock, TransferDriver, SettlementCollaborators, RouteResolver, LOGGER],
      useFactory: (store: SettlementStore, lock: SourceLock, driver: TransferDriver, peers: SettlementCollaborators, routes: RouteResolver, logger: Logger) =>
        new ProcessSettlementUseCase(store, lock, driver, peers, routes, logger),
    },
    {
      provide: FlushBatchUseCase,
      inject: [BatchStore, SettlementStore, SettlementQueue, SourceLock, TransferDriver, SettlementCollaborators, RouteResolver, SERVICE_CONFIG, LOGGER],
      useFactory: (
        batches: BatchStore,
        store: SettlementStore,
        queue: SettlementQueue,
        lock: SourceLock,
        driver: TransferDriver,
        peers: SettlementCollaborators,
        routes: RouteResolver,
        c: SubmitterConfig,
        logger: Logger,
      ) => new FlushBatchUseCase(batches, store, queue, lock, driver, peers, routes, c.BATCH_MAX_SIZE, logger),
    },
    {
      provide: SendSignedTransactionUseCase,
      inject: [SolanaChain, TransactionConfirmer, SERVICE_CONFIG],
      useFactory: (chain: SolanaChain, confirmer: TransactionConfirmer, c: SubmitterConfig) =>
        new SendSignedTransactionUseCase(chain, confirmer, Math.ceil(c.SETTLEMENT_WAIT_MS / c.CONFIRM_POLL_MS)),
    },
  ],
})
export class AppModule implements OnApplicationBootstrap, OnApplicationShutdown {
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
