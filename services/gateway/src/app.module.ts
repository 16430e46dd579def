import { Module } from '@nestjs/common';
import { SystemHealthController } from './health/system-health.controller';
import { SystemHealthUseCase } from './health/system-health.usecase';

@Module({
  controllers: [SystemHealthController],
  providers: [SystemHealthUseCase],
})
export class AppModule {}
