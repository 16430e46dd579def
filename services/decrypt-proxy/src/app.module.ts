import { Module } from '@nestjs/common';

// Config, bus, Redis, health and describe come from PlatformModule (bootstrapService);
// decrypt-proxy's own handlers and use cases are declared here.
@Module({})
export class AppModule {}
