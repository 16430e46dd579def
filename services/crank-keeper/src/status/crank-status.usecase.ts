import { Inject, Injectable } from '@nestjs/common';
import type { CrankStatus } from '@quietpay/contracts';
import { SERVICE_CONFIG } from '@quietpay/platform';
import type { CrankKeeperConfig } from '../config.schema';
import { CrankKeeperLoop } from '../crank/crank-keeper.loop';
import { CrankStateRepository } from '../crank/crank-state.repository';
import { LeaderLockRepository } from '../leadership/leader-lock.repository';

/**
 * The answering replica's role plus the shared state of the first (mint, validator); the
 * contract has one target per status (see README for several).
 */
@Injectable()
export class CrankStatusUseCase {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: CrankKeeperConfig,
    private readonly loop: CrankKeeperLoop,
    private readonly lock: LeaderLockRepository,
    private readonly states: CrankStateRepository,
  ) {}

  async execute(): Promise<CrankStatus> {
    const mint = this.config.mints[0] ?? '';
    const validator = this.config.MAGICBLOCK_VALIDATOR[0] ?? '';
    const state = await this.states.load(mint, validator);
    return {
      leader: this.loop.election.isLeader,
      leaderInstanceId: (await this.lock.holder()) ?? '',
      mint,
      validator,
      transferQueue: state?.transferQueue ?? '',
      registered: state?.registered ?? false,
      lastKickAtUnix: state?.lastKickAtUnix ?? 0,
      lastProgressAtUnix: state?.lastProgressAtUnix ?? 0,
      lastError: state?.lastError ?? '',
    };
  }
}
