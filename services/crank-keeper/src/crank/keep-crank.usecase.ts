import { CrankKeeperStalledV1 } from '@quietpay/contracts';
import { crankHealthy, EventBus, toQuietpayError } from '@quietpay/platform';
import type { Logger } from 'pino';
import type { PaymentsApiClient } from '../payments/payments-api.client';
import { judgeCrank } from './crank-health.policy';
import type { CrankStateRepository } from './crank-state.repository';
import type { QueueActivityReader } from './queue-activity.reader';

export interface KeepCrankOptions {
  readonly instanceId: string;
  readonly staleAfterMs: number;
  readonly stallAfterMs: number;
}

const unix = (ms: number): number => Math.floor(ms / 1000);

/**
 * One leader pass for one (mint, validator): kick (is-mint-initialized), look at the queue,
 * force a crank run when entries wait too long, report a stall once per episode.
 */
export class KeepCrankUseCase {
  private readonly stalledSince = new Map<string, number>();

  constructor(
    private readonly api: PaymentsApiClient,
    private readonly activity: QueueActivityReader,
    private readonly states: CrankStateRepository,
    private readonly events: EventBus,
    private readonly options: KeepCrankOptions,
    private readonly logger: Logger,
  ) {
    // A standby that has not run a round yet is healthy; the gauge turns 0 only on a stall.
    crankHealthy.set(1);
  }

  async execute(mint: string, validator: string): Promise<void> {
    const now = Date.now();
    const previous = await this.states.load(mint, validator);
    let transferQueue = previous?.transferQueue ?? '';
    let registered = previous?.registered ?? false;
    let apiError: string | undefined;
    let lastProgressAtUnix = previous?.lastProgressAtUnix ?? 0;
    try {
      ({ transferQueue, initialized: registered } = await this.api.isMintInitialized(mint, validator));
      this.logger.info({ mint, validator, transferQueue, registered }, 'crank kicked');
      const queue = await this.activity.read(transferQueue, now);
      if (queue.lastSettlementAtMs !== undefined) lastProgressAtUnix = Math.max(lastProgressAtUnix, unix(queue.lastSettlementAtMs));
      const verdict = judgeCrank(now, queue, undefined, this.options.staleAfterMs, this.options.stallAfterMs);
      if (verdict.ensureCrank) {
        this.logger.warn({ mint, validator, transferQueue }, 'queued entries look stale: forcing a crank run');
        await this.api.ensureCrank(mint, validator);
      }
      await this.reportStall(mint, validator, transferQueue, lastProgressAtUnix, verdict.stalled ? verdict.detail : undefined);
    } catch (thrown) {
      const error = toQuietpayError(thrown);
      apiError = `${error.code}: ${error.message}`;
      this.logger.error({ err: thrown, mint, validator }, 'crank keep-alive failed');
      await this.reportStall(mint, validator, transferQueue, lastProgressAtUnix, `payments API or RPC: ${apiError}`);
    }
    await this.states.save(mint, validator, {
      transferQueue,
      registered,
      lastKickAtUnix: apiError === undefined ? unix(now) : (previous?.lastKickAtUnix ?? 0),
      lastProgressAtUnix,
      lastError: apiError ?? '',
      kickedBy: this.options.instanceId,
    });
  }

  private async reportStall(mint: string, validator: string, transferQueue: string, lastProgressAtUnix: number, detail: string | undefined): Promise<void> {
    const key = `${mint}:${validator}`;
    if (detail === undefined) {
      this.stalledSince.delete(key);
      crankHealthy.set(this.stalledSince.size === 0 ? 1 : 0);
      return;
    }
    // One event per stall episode.
    if (this.stalledSince.has(key)) return;
    const at = Date.now();
    this.stalledSince.set(key, at);
    crankHealthy.set(0);
    this.logger.error({ mint, validator, transferQueue, detail }, 'crank stalled');
    const event = { mint, validator, transferQueue, lastProgressAtUnix, detail, atUnix: unix(at) };
    await this.events
      .publish(CrankKeeperStalledV1, event, `crank-stalled:${key}:${at}`)
      .catch((err: unknown) => this.logger.warn({ err }, 'stalled event not published'));
  }
}
