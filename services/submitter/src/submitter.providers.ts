import { Provider } from '@nestjs/common';
import { BusClient, EventBus, LOGGER, REDIS, SERVICE_CONFIG, type RedisClient } from '@quietpay/platform';
import { pubsubUrlOf } from '@quietpay/solana';
import { Logger } from 'pino';
import { NatsSettlementCollaborators } from './adapters/nats-settlement-collaborators.adapter';
import { PubsubSignatureWakeups } from './chain/signature-notifications.adapter';
import { SolanaChain } from './chain/solana-chain.adapter';
import { settlesInBatches, SubmitterConfig } from './config.schema';
import { SourceLock } from './lock/source.lock';
import { SettlementLagMetric } from './metrics/settlement-lag.metrics';
import { SettlementQueueDepthMetric } from './metrics/settlement-queue-depth.metrics';
import { OPEN_RESERVATIONS } from './ports/open-reservations.port';
import { SETTLEMENT_COLLABORATORS, SettlementCollaborators } from './ports/settlement-collaborators.port';
import { SETTLEMENT_RECORDS } from './ports/settlement-records.port';
import { SETTLEMENT_ROUTES, SettlementRoutes } from './ports/settlement-routes.port';
import { NO_WAKEUPS, SIGNATURE_WAKEUPS, SignatureWakeups } from './ports/signature-wakeups.port';
import { SOURCE_LOCKS, SourceLocks } from './ports/source-locks.port';
import { TRANSFER_LANDING, TransferLanding } from './ports/transfer-landing.port';
import { SettlementReconciler } from './reconcile/settlement.reconciler';
import { SendSignedTransactionUseCase } from './send-signed/send-signed-transaction.usecase';
import { BatchStore } from './settlement/batch.store';
import { CoalescedFlushes, CoalescingBatchStore } from './settlement/coalesced-flushes';
import { FinishedSettlements } from './settlement/finished-settlements';
import { SettlementQueue } from './settlement/settlement.queue';
import { SettlementStore } from './settlement/settlement.store';
import { SubmitSettlementUseCase } from './settlement/submit-settlement.usecase';
import { FlushBatchUseCase } from './worker/flush-batch.usecase';
import { ProcessSettlementUseCase } from './worker/process-settlement.usecase';
import { RouteResolver } from './worker/route.resolver';
import { SettlementDeadline } from './worker/settlement-deadline';
import { SettlementWorkerLifecycle } from './worker/settlement-worker.lifecycle';
import { TransactionConfirmer } from './worker/transaction-confirmer';
import { TransferDriver } from './worker/transfer-driver';

// A blockhash lives ~150 blocks (~60 s on a real cluster); confirmation polls cover that with margin.
const CONFIRM_WINDOW_MS = 90_000;

const isCoalesced = (c: SubmitterConfig): boolean => c.SETTLEMENT_MODE === 'per-call' && c.PER_CALL_SETTLEMENT === 'coalesced';

/** How a submit enqueues: per-session batches (batched, or coalesced per-call with no window) or one job per charge. */
function batchingOf(c: SubmitterConfig, batches: BatchStore, flushes: CoalescedFlushes): ConstructorParameters<typeof SubmitSettlementUseCase>[5] {
  if (!settlesInBatches(c)) return undefined;
  return isCoalesced(c) ? { batches, windowMs: 0, coalesced: flushes } : { batches, windowMs: c.BATCH_WINDOW_MS };
}

/**
 * The submitter's wiring: each port (ports/) bound to its adapter (NATS, Redis, RPC), the use
 * cases built over the ports. Nothing here starts or stops anything (SettlementWorkerLifecycle and
 * the reconciler do).
 */
export const SUBMITTER_PROVIDERS: Provider[] = [
  SettlementQueueDepthMetric,
  SettlementLagMetric,
  { provide: SolanaChain, inject: [SERVICE_CONFIG], useFactory: (c: SubmitterConfig) => new SolanaChain(c.SOLANA_RPC_URL) },
  {
    provide: SIGNATURE_WAKEUPS,
    inject: [SERVICE_CONFIG, LOGGER],
    useFactory: (c: SubmitterConfig, logger: Logger): SignatureWakeups =>
      c.CONFIRM_ON_NOTIFICATIONS ? new PubsubSignatureWakeups(c.SOLANA_WS_URL ?? pubsubUrlOf(c.SOLANA_RPC_URL), logger) : NO_WAKEUPS,
  },
  {
    provide: TransactionConfirmer,
    inject: [SolanaChain, SIGNATURE_WAKEUPS, SERVICE_CONFIG],
    useFactory: (chain: SolanaChain, wakeups: SignatureWakeups, c: SubmitterConfig) =>
      new TransactionConfirmer(chain, { pollMs: c.CONFIRM_POLL_MS, notifiedPollMs: c.CONFIRM_NOTIFIED_POLL_MS }, wakeups),
  },
  { provide: FinishedSettlements, useFactory: () => new FinishedSettlements() },
  {
    provide: SettlementStore,
    inject: [REDIS, SERVICE_CONFIG, FinishedSettlements],
    useFactory: (redis: RedisClient, c: SubmitterConfig, finishes: FinishedSettlements) =>
      new SettlementStore(redis, c.SUBMITTER_KEY_PREFIX, c.SETTLEMENT_RECORD_TTL_SECONDS, finishes),
  },
  { provide: SETTLEMENT_RECORDS, useExisting: SettlementStore },
  {
    provide: SOURCE_LOCKS,
    inject: [REDIS, SERVICE_CONFIG],
    useFactory: (redis: RedisClient, c: SubmitterConfig) => new SourceLock(redis, c.SUBMITTER_KEY_PREFIX, c.SOURCE_LOCK_TTL_MS),
  },
  { provide: SettlementQueue, inject: [SERVICE_CONFIG], useFactory: (c: SubmitterConfig) => new SettlementQueue(c) },
  {
    provide: SETTLEMENT_COLLABORATORS,
    inject: [BusClient, EventBus],
    useFactory: (bus: BusClient, events: EventBus) => new NatsSettlementCollaborators(bus, events),
  },
  { provide: OPEN_RESERVATIONS, useExisting: SETTLEMENT_COLLABORATORS },
  {
    provide: SETTLEMENT_ROUTES,
    inject: [SETTLEMENT_COLLABORATORS, SERVICE_CONFIG],
    useFactory: (peers: SettlementCollaborators, c: SubmitterConfig) => new RouteResolver(peers, c.INCO_TOKEN_PROGRAM_ID),
  },
  {
    provide: CoalescedFlushes,
    inject: [REDIS, SettlementQueue, SERVICE_CONFIG],
    useFactory: (redis: RedisClient, queue: SettlementQueue, c: SubmitterConfig) => new CoalescedFlushes(redis, c.SUBMITTER_KEY_PREFIX, queue),
  },
  {
    provide: BatchStore,
    inject: [REDIS, CoalescedFlushes, SERVICE_CONFIG],
    useFactory: (redis: RedisClient, flushes: CoalescedFlushes, c: SubmitterConfig) =>
      isCoalesced(c)
        ? new CoalescingBatchStore(redis, c.SUBMITTER_KEY_PREFIX, c.SETTLEMENT_RECORD_TTL_SECONDS, flushes)
        : new BatchStore(redis, c.SUBMITTER_KEY_PREFIX, c.SETTLEMENT_RECORD_TTL_SECONDS),
  },
  { provide: SettlementDeadline, inject: [SERVICE_CONFIG], useFactory: (c: SubmitterConfig) => new SettlementDeadline(c.SETTLEMENT_DEADLINE_MS) },
  {
    provide: SubmitSettlementUseCase,
    inject: [SettlementStore, SETTLEMENT_COLLABORATORS, SettlementQueue, BatchStore, CoalescedFlushes, FinishedSettlements, SERVICE_CONFIG],
    useFactory: (
      store: SettlementStore,
      peers: SettlementCollaborators,
      queue: SettlementQueue,
      batches: BatchStore,
      flushes: CoalescedFlushes,
      finishes: FinishedSettlements,
      c: SubmitterConfig,
    ) => new SubmitSettlementUseCase(store, peers, queue, c.SETTLEMENT_WAIT_MS, 100, batchingOf(c, batches, flushes), finishes),
  },
  {
    provide: TRANSFER_LANDING,
    inject: [SolanaChain, TransactionConfirmer, SERVICE_CONFIG, LOGGER],
    useFactory: (chain: SolanaChain, confirmer: TransactionConfirmer, c: SubmitterConfig, logger: Logger) =>
      new TransferDriver(chain, confirmer, { maxRebuilds: c.SETTLEMENT_MAX_REBUILDS, confirmWindowMs: CONFIRM_WINDOW_MS }, logger),
  },
  {
    provide: ProcessSettlementUseCase,
    inject: [SettlementStore, SOURCE_LOCKS, TRANSFER_LANDING, SETTLEMENT_COLLABORATORS, SETTLEMENT_ROUTES, SettlementDeadline, LOGGER],
    useFactory: (
      store: SettlementStore,
      lock: SourceLocks,
      driver: TransferLanding,
      peers: SettlementCollaborators,
      routes: SettlementRoutes,
      deadline: SettlementDeadline,
      logger: Logger,
    ) => new ProcessSettlementUseCase({ store, lock, driver, peers, routes, deadline, logger }),
  },
  {
    provide: FlushBatchUseCase,
    inject: [
      BatchStore,
      SettlementQueue,
      SOURCE_LOCKS,
      TRANSFER_LANDING,
      SETTLEMENT_COLLABORATORS,
      SETTLEMENT_ROUTES,
      SettlementDeadline,
      SERVICE_CONFIG,
      LOGGER,
      REDIS,
      FinishedSettlements,
    ],
    useFactory: (
      batches: BatchStore,
      queue: SettlementQueue,
      lock: SourceLocks,
      driver: TransferLanding,
      peers: SettlementCollaborators,
      routes: SettlementRoutes,
      deadline: SettlementDeadline,
      c: SubmitterConfig,
      logger: Logger,
      redis: RedisClient,
      finishes: FinishedSettlements,
    ) =>
      new FlushBatchUseCase({
        batches,
        // Its own store, telling no one as each member's record finishes: the flush wakes the
        // members' submits itself, after releasing the source lock.
        settlements: new SettlementStore(redis, c.SUBMITTER_KEY_PREFIX, c.SETTLEMENT_RECORD_TTL_SECONDS),
        queue,
        lock,
        driver,
        peers,
        routes,
        deadline,
        maxSize: c.BATCH_MAX_SIZE,
        // Batched mode keeps one open batch per session: its members were served on credit, and
        // its flush also locks the destination for the whole cycle.
        depth: isCoalesced(c) ? c.COALESCED_PIPELINE_DEPTH : 1,
        awaitClaimMs: c.SOURCE_LOCK_TTL_MS,
        servedBeforeSettling: c.SETTLEMENT_MODE === 'batched',
        finishes,
        logger,
      }),
  },
  {
    provide: SendSignedTransactionUseCase,
    inject: [SolanaChain, TransactionConfirmer, SERVICE_CONFIG],
    useFactory: (chain: SolanaChain, confirmer: TransactionConfirmer, c: SubmitterConfig) =>
      new SendSignedTransactionUseCase(chain, confirmer, c.SETTLEMENT_WAIT_MS),
  },
  SettlementWorkerLifecycle,
  SettlementReconciler,
];
