import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventBus, LOGGER, SERVICE_CONFIG, SERVICE_IDENTITY, type ServiceIdentity } from '@quietpay/platform';
import { resolveProgramIds } from '@quietpay/solana';
import { Connection } from '@solana/web3.js';
import type { Logger } from 'pino';
import type { CrankKeeperConfig } from '../config.schema';
import { LeaderElection } from '../leadership/leader-election';
import { LeaderLockRepository } from '../leadership/leader-lock.repository';
import { PaymentsApiClient } from '../payments/payments-api.client';
import { CrankStateRepository } from './crank-state.repository';
import { KeepCrankUseCase } from './keep-crank.usecase';
import { QueueActivityReader } from './queue-activity.reader';

/**
 * Two timers: the election (every LEADER_RENEW_INTERVAL_MS) and, on the leader only, the kick
 * pass over every (mint, validator) every CRANK_KICK_INTERVAL_MS. A replica that loses the
 * lease stops kicking at its next pass; on shutdown the leader releases the lease so a
 * standby takes over without waiting for the TTL.
 */
@Injectable()
export class CrankKeeperLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly election: LeaderElection;
  private readonly keepCrank: KeepCrankUseCase;
  private electionTimer: NodeJS.Timeout | undefined;
  private kickTimer: NodeJS.Timeout | undefined;
  private kicking: Promise<void> = Promise.resolve();

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: CrankKeeperConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_IDENTITY) identity: ServiceIdentity,
    lock: LeaderLockRepository,
    states: CrankStateRepository,
    events: EventBus,
  ) {
    this.election = new LeaderElection(lock, identity.instanceId, config.LEADER_LOCK_TTL_MS);
    const ids = resolveProgramIds({ ephemeralSpl: config.EPHEMERAL_SPL_PROGRAM_ID, delegation: config.DELEGATION_PROGRAM_ID });
    const activity = new QueueActivityReader(new Connection(config.SOLANA_RPC_URL, 'confirmed'), ids, config.CRANK_RECENT_SIGNATURES);
    this.keepCrank = new KeepCrankUseCase(
      new PaymentsApiClient(config.PAYMENTS_API_URL, config.SOLANA_CLUSTER),
      activity,
      states,
      events,
      {
        instanceId: identity.instanceId,
        staleAfterMs: config.CRANK_STALE_AFTER_MS,
        stallAfterMs: config.CRANK_STALL_AFTER_MS,
      },
      logger,
    );
  }

  onApplicationBootstrap(): void {
    void this.elect();
    this.electionTimer = setInterval(() => void this.elect(), this.config.LEADER_RENEW_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.electionTimer);
    clearInterval(this.kickTimer);
    this.kickTimer = undefined;
    await this.kicking;
    await this.election.resign().catch((err: unknown) => this.logger.warn({ err }, 'leader lease not released'));
  }

  private async elect(): Promise<void> {
    const change = await this.election.step().catch((err: unknown) => {
      this.logger.error({ err }, 'leader election failed');
      return 'standby' as const;
    });
    if (change === 'acquired') {
      this.logger.info('became crank leader');
      this.kicking = this.kickAll();
      this.kickTimer = setInterval(() => {
        this.kicking = this.kickAll();
      }, this.config.CRANK_KICK_INTERVAL_MS);
    } else if (change === 'lost') {
      this.logger.warn('lost crank leadership');
      clearInterval(this.kickTimer);
      this.kickTimer = undefined;
    }
  }

  private async kickAll(): Promise<void> {
    for (const mint of this.config.mints) {
      for (const validator of this.config.MAGICBLOCK_VALIDATOR) {
        if (!this.election.isLeader) return;
        await this.keepCrank.execute(mint, validator);
      }
    }
  }
}
