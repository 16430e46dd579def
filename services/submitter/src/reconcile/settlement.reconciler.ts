import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ReconcileReport } from '@quietpay/contracts';
import { LOGGER, REDIS, SERVICE_CONFIG, type RedisClient } from '@quietpay/platform';
import { Logger } from 'pino';
import { settlesInBatches, SubmitterConfig } from '../config.schema';
import { OPEN_RESERVATIONS, OpenReservations } from '../ports/open-reservations.port';
import { SettlementQueue } from '../settlement/settlement.queue';
import { SettlementStore } from '../settlement/settlement.store';
import { ReconcileSettlements } from './reconcile-settlements.usecase';

/**
 * Runs the reconciler at startup and every SETTLEMENT_RECONCILE_INTERVAL_MS. A pass is safe on
 * several replicas at once (see ReconcileSettlements); a Redis lease per interval only keeps them
 * from repeating each other's work. `runOnce` is also the `quietpay.settlement.reconcile.v1` handler.
 */
@Injectable()
export class SettlementReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly reconcile: ReconcileSettlements;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: SubmitterConfig,
    @Inject(REDIS) private readonly redis: RedisClient,
    store: SettlementStore,
    queue: SettlementQueue,
    @Inject(OPEN_RESERVATIONS) reservations: OpenReservations,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.reconcile = new ReconcileSettlements({
      store,
      queue,
      reservations,
      unsubmittedAfterMs: config.SETTLEMENT_UNSUBMITTED_AFTER_MS,
      batched: settlesInBatches(config),
      logger,
    });
  }

  onApplicationBootstrap(): void {
    const tick = (): void => {
      this.running = this.periodic().finally(() => {
        this.running = undefined;
      });
    };
    tick();
    this.timer = setInterval(tick, this.config.SETTLEMENT_RECONCILE_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass now, whoever holds the lease (an operator asked); an explicit bound applies to both kinds of open record. */
  runOnce(olderThanSeconds: number): Promise<ReconcileReport> {
    if (olderThanSeconds > 0) return this.reconcile.runOnce(olderThanSeconds * 1000, olderThanSeconds * 1000);
    return this.reconcile.runOnce(this.config.SETTLEMENT_RECONCILE_AFTER_MS);
  }

  private async periodic(): Promise<void> {
    try {
      if (!(await this.takeLease())) return;
      const report = await this.runOnce(0);
      if (report.repaired > 0) this.logger.info({ ...report }, 'reconciler pass repaired open settlements');
    } catch (error) {
      this.logger.warn({ err: error }, 'reconciler pass failed; the next one retries');
    }
  }

  private async takeLease(): Promise<boolean> {
    const key = `${this.config.SUBMITTER_KEY_PREFIX}:reconciler:lease`;
    const leaseMs = Math.max(1000, this.config.SETTLEMENT_RECONCILE_INTERVAL_MS - 500);
    return (await this.redis.set(key, this.config.INSTANCE_ID, 'PX', leaseMs, 'NX')) === 'OK';
  }
}
