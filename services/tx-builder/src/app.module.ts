import { Module } from '@nestjs/common';
import { PrepareApproveHandler } from './approve/prepare-approve.handler';
import { PrepareApproveUseCase } from './approve/prepare-approve.usecase';
import { chainProviders } from './chain/chain-params';
import { TeeKeyCache } from './chain/tee-key.cache';
import { BuildTransferHandler } from './transfer/build-transfer.handler';
import { BuildTransferUseCase } from './transfer/build-transfer.usecase';

// Config, bus, Redis, health and describe come from PlatformModule (bootstrapService).
@Module({
  controllers: [PrepareApproveHandler, BuildTransferHandler],
  providers: [...chainProviders, TeeKeyCache, PrepareApproveUseCase, BuildTransferUseCase],
})
export class AppModule {}
