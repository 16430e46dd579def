import { Module } from '@nestjs/common';

// Config, bus, Redis, health and describe come from PlatformModule (bootstrapService);
// crank-keeper's own handlers and use cases are declared here.
@Module({})
export class AppModule {}
