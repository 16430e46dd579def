import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ChainPollerStalledV1, ChainPollerTickV1 } from '@quietpay/contracts';
import {
  EventBus,
  LOGGER,
  pollerLagSlots,
  pollerLastSuccess,
  SERVICE_CONFIG,
  SERVICE_IDENTITY,
  toQuietpayError,
  type ServiceIdentity,
} from '@quietpay/platform';
import { parsePrivateSettlements, pubsubUrlOf, resolveProgramIds } from '@quietpay/solana';
import { Connection } from '@solana/web3.js';
import type { Logger } from 'pino';
import type { ChainPollerConfig } from '../config.schema';
import { PaymentIndexRepository } from '../payments/payment-index.repository';
import { PaymentObservedPublisher } from '../payments/payment-observed.publisher';
import { resolveTransferQueue } from '../queues/watched-queues.resolver';
import { Web3ChainReader } from '../solana/web3-chain.reader';
import { WatermarkRepository } from '../watermark/watermark.repository';
import { ChainWakeSubscriber } from './chain-wake.subscriber';
import { NotifiedSettlementsApplier } from './notified-settlements.applier';
import { isStalled, PollerState } from './poller-state';
import { PollQueueUseCase } from './poll-queue.usecase';
import { PollTimings } from './poll-timings';

const unixNow = (): number => Math.floor(Date.now() / 1000);

/**
 * The poll loop: resolve the watched queues, then every POLL_INTERVAL_MS poll each one. Between
 * polls, a chain notification of a possible settlement indexes it at once
 * (NotifiedSettlementsApplier); the poll stays the source of truth and skips what that applied.
 * Replicas all run it (idempotent processing, see README): indexing is first-write-wins,
 * events de-dup on their message id and the watermark only moves forward.
 */
@Injectable()
export class PollerLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly pollQueue: PollQueueUseCase;
  private readonly programIds;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private stopping = false;
  private ready = false;
  private ticking = false;
  /** A wake-up arrived during a poll: poll again right after it. */
  private wakeAgain = false;
  private readonly notified: NotifiedSettlementsApplier;
  private wakeSubscriber: ChainWakeSubscriber | undefined;
  private readonly connection: Connection;
  /** Chain tip at the start of the last poll that caught up completely. */
  private caughtUpToSlot: number | undefined;
  /** When the oldest notification not yet served by a poll arrived (performance.now()). */
  private notifiedAt: number | undefined;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ChainPollerConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
    private readonly events: EventBus,
    private readonly state: PollerState,
    private readonly watermarks: WatermarkRepository,
    index: PaymentIndexRepository,
    publisher: PaymentObservedPublisher,
  ) {
    this.programIds = resolveProgramIds({ ephemeralSpl: config.EPHEMERAL_SPL_PROGRAM_ID, delegation: config.DELEGATION_PROGRAM_ID });
    this.connection = new Connection(config.SOLANA_RPC_URL, config.SOLANA_COMMITMENT);
    const reader = new Web3ChainReader(this.connection, config.SOLANA_COMMITMENT);
    this.pollQueue = new PollQueueUseCase(
      reader,
      watermarks,
      index,
      publisher,
      {
        fetchConcurrency: config.FETCH_CONCURRENCY,
        pageLimit: config.SIGNATURE_PAGE_LIMIT,
        // A crank pass can settle a few dozen transfers in one slot, all in one notified window;
        // a longer backlog (a restart, a dropped socket) is the poll's.
        maxNotifiedFetches: 4 * config.FETCH_CONCURRENCY,
        parse: (tx) => parsePrivateSettlements(tx, this.programIds),
      },
      logger,
    );
    this.notified = new NotifiedSettlementsApplier(this.pollQueue, this.programIds.delegation.toBase58(), () => this.wake(), logger);
  }

  onApplicationBootstrap(): void {
    this.state.running = true;
    this.inFlight = this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.state.running = false;
    this.wakeSubscriber?.stop();
    if (this.timer) clearTimeout(this.timer);
    await this.inFlight;
    await this.notified.stop();
  }

  private async start(): Promise<void> {
    const c = this.config;
    this.state.watched = await Promise.all(
      c.mints.map((mint) =>
        resolveTransferQueue(
          { mint, validator: c.MAGICBLOCK_VALIDATOR, paymentsApiUrl: c.PAYMENTS_API_URL, cluster: c.SOLANA_CLUSTER },
          this.programIds,
          this.logger,
        ),
      ),
    );
    this.logger.info({ watched: this.state.watched, mints: c.mints }, 'poller watching transfer queues');
    if (c.WAKE_ON_CHAIN_NOTIFICATIONS && !this.stopping) {
      this.wakeSubscriber = new ChainWakeSubscriber(
        c.SOLANA_WS_URL ?? pubsubUrlOf(c.SOLANA_RPC_URL),
        this.state.watched,
        c.SOLANA_COMMITMENT,
        // A transaction on a queue: index it now if it may settle; a (re)subscription: poll now.
        (notice) => (notice ? this.notified.onNotice(notice) : this.wake()),
        this.logger,
      );
      this.wakeSubscriber.start();
    }
    await this.tick();
  }

  /** Polls now (or right after the poll under way) instead of at the next timer tick. */
  private wake(): void {
    if (this.stopping) return;
    this.notifiedAt ??= performance.now();
    if (this.ticking) {
      this.wakeAgain = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.inFlight = this.tick();
  }

  private schedule(): void {
    if (this.stopping) return;
    const delay = this.wakeAgain ? 0 : this.config.POLL_INTERVAL_MS;
    this.wakeAgain = false;
    this.timer = setTimeout(() => {
      this.inFlight = this.tick();
    }, delay);
  }

  private async tick(): Promise<void> {
    this.ticking = true;
    const timings = new PollTimings('poll');
    if (this.notifiedAt !== undefined) timings.add('wake_wait', performance.now() - this.notifiedAt);
    this.notifiedAt = undefined;
    try {
      const tipAtStart = await timings.time('slot', () => this.connection.getSlot(this.config.SOLANA_COMMITMENT));
      // Lag = how far the chain has moved since the poller last caught up: ~0 while healthy,
      // growing while polls fail (a quiet queue with an old watermark is not lag).
      pollerLagSlots.set(this.caughtUpToSlot === undefined ? 0 : tipAtStart - this.caughtUpToSlot);
      let transactions = 0;
      let observed = 0;
      for (const address of this.state.watched) {
        const result = await this.pollQueue.execute(address, timings);
        transactions += result.transactions;
        observed += result.observed;
      }
      this.caughtUpToSlot = tipAtStart;
      this.onSuccess(transactions, observed, timings.observe());
      if (transactions > 0) await this.publishTick(observed);
    } catch (thrown) {
      const error = toQuietpayError(thrown);
      this.state.lastError = `${error.code}: ${error.message}`;
      this.logger.error({ err: thrown, code: error.code }, 'poll failed');
    }
    await this.checkStall();
    this.ticking = false;
    this.schedule();
  }

  private onSuccess(transactions: number, observed: number, stepsMs: Partial<Record<string, number>>): void {
    if (this.state.stalled) this.logger.info('poller recovered');
    this.state.lastSuccessAtMs = Date.now();
    pollerLastSuccess.set(this.state.lastSuccessAtMs / 1000);
    this.state.stalled = false;
    if (!this.ready) {
      this.ready = true;
      this.logger.info({ watched: this.state.watched }, 'poller ready');
    }
    if (transactions > 0) this.logger.info({ transactions, observed, stepsMs }, 'poll applied');
  }

  private async publishTick(observed: number): Promise<void> {
    const first = this.state.watched[0];
    const watermark = first === undefined ? undefined : await this.watermarks.get(first);
    const tick = { watermarkSlot: String(watermark?.slot ?? 0), watermarkSignature: watermark?.signature ?? '', observed, atUnix: unixNow() };
    await this.events.publish(ChainPollerTickV1, tick, `tick:${this.identity.instanceId}:${tick.watermarkSignature}`).catch((err: unknown) => {
      this.logger.warn({ err }, 'tick event not published');
    });
  }

  private async checkStall(): Promise<void> {
    const now = Date.now();
    if (this.state.stalled || !isStalled(now, this.state.lastSuccessAtMs, this.state.startedAtMs, this.config.POLL_STALL_AFTER_MS)) return;
    this.state.stalled = true;
    const since = this.state.lastSuccessAtMs ?? this.state.startedAtMs;
    const event = {
      lastSuccessAtUnix: this.state.lastSuccessAtMs === undefined ? 0 : Math.floor(this.state.lastSuccessAtMs / 1000),
      stalledForSeconds: Math.floor((now - since) / 1000),
      lastError: this.state.lastError,
      atUnix: unixNow(),
    };
    this.logger.error(event, 'poller stalled');
    await this.events.publish(ChainPollerStalledV1, event, `stalled:${this.identity.instanceId}:${since}`).catch((err: unknown) => {
      this.logger.warn({ err }, 'stalled event not published');
    });
  }
}
