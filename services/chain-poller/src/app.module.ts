import { Module } from '@nestjs/common';
import { LookupPaymentHandler } from './lookup/lookup-payment.handler';
import { LookupPaymentUseCase } from './lookup/lookup-payment.usecase';
import { PaymentIndexRepository } from './payments/payment-index.repository';
import { PaymentObservedPublisher } from './payments/payment-observed.publisher';
import { PollerLoop } from './polling/poller.loop';
import { PollerState } from './polling/poller-state';
import { PollerStatusHandler } from './status/poller-status.handler';
import { PollerStatusUseCase } from './status/poller-status.usecase';
import { WatermarkRepository } from './watermark/watermark.repository';

// Config, bus, Redis, health and describe come from PlatformModule (bootstrapService).
@Module({
  controllers: [LookupPaymentHandler, PollerStatusHandler],
  providers: [PollerState, WatermarkRepository, PaymentIndexRepository, PaymentObservedPublisher, PollerLoop, LookupPaymentUseCase, PollerStatusUseCase],
})
export class AppModule {}
