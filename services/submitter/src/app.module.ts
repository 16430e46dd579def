import { Module } from '@nestjs/common';
import { ReconcileHandler } from './reconcile/reconcile.handler';
import { SendSignedTransactionHandler } from './send-signed/send-signed-transaction.handler';
import { SettlementHandlers } from './settlement/settlement.handlers';
import { SUBMITTER_PROVIDERS } from './submitter.providers';

// Config, bus, Redis, health and describe come from PlatformModule (bootstrapService).
@Module({
  controllers: [SettlementHandlers, SendSignedTransactionHandler, ReconcileHandler],
  providers: SUBMITTER_PROVIDERS,
})
export class AppModule {}
