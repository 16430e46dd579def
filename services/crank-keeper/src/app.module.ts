import { Module } from '@nestjs/common';
import { CrankKeeperLoop } from './crank/crank-keeper.loop';
import { CrankStateRepository } from './crank/crank-state.repository';
import { LeaderLockRepository } from './leadership/leader-lock.repository';
import { CrankStatusHandler } from './status/crank-status.handler';
import { CrankStatusUseCase } from './status/crank-status.usecase';

// Config, bus, Redis, health and describe come from PlatformModule (bootstrapService).
@Module({
  controllers: [CrankStatusHandler],
  providers: [LeaderLockRepository, CrankStateRepository, CrankKeeperLoop, CrankStatusUseCase],
})
export class AppModule {}
