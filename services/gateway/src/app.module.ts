import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ADMIN_PROVIDERS } from './admin/admin.providers';
import { SystemHealthController } from './health/system-health.controller';
import { SystemHealthUseCase } from './health/system-health.usecase';
import { ApiKeyGuard } from './http/api-key.guard';
import { HttpExceptionFilter } from './http/http-exception.filter';
import { JsonBodyInstaller } from './http/json-body.installer';
import { CorsInstaller } from './http/cors.installer';
import { LoadSheddingInstaller } from './http/load-shedding.installer';
import { HttpMetricsInstaller } from './instrumentation/http-metrics.installer';
import { OpenApiController } from './openapi/openapi.controller';
import { PayController } from './one-shot/pay.controller';
import { PayOneShotUseCase } from './one-shot/pay-one-shot.usecase';
import { FacilitatePaymentUseCase } from './facilitation/facilitate-payment.usecase';
import { networkResolverProvider } from './facilitation/network-resolver.provider';
import { SettleController } from './facilitation/settle.controller';
import { SettlementsController } from './facilitation/settlements.controller';
import { VerifyController } from './facilitation/verify.controller';
import { ChainPollerClient } from './ports/chain-poller.client';
import { SessionLedgerClient } from './ports/session-ledger.client';
import { SubmitterClient } from './ports/submitter.client';
import { LookupPrivatePaymentUseCase } from './payment-lookup/lookup-private-payment.usecase';
import { RateLimits } from './rate-limit/rate-limits';
import { RecipientsController } from './recipients/recipients.controller';
import { PrivatePaymentsController } from './payment-lookup/private-payments.controller';
import { FACILITATOR_SCHEMES, type FacilitatorScheme } from './schemes/facilitator-scheme.port';
import { ChainPollerPaymentFinder } from './schemes/private/chain-poller-payment.finder';
import { PAYMENT_CLAIMS } from './schemes/private/payment-claim.port';
import { PRIVATE_PAYMENT_FINDER } from './schemes/private/private-payment-finder.port';
import { PrivateScheme } from './schemes/private/private.scheme';
import { RedisPaymentClaims } from './schemes/private/redis-payment-claims.repository';
import { SchemeRegistry } from './schemes/scheme-registry';
import { SessionScheme } from './schemes/session/session.scheme';
import { OpenSessionUseCase } from './session-lifecycle/open-session.usecase';
import { SeedOpenSessionUseCase } from './session-lifecycle/seed-open-session.usecase';
import { SessionOpener } from './session-lifecycle/session-opener';
import { SessionQueryUseCase } from './session-lifecycle/session-query.usecase';
import { SessionsController } from './session-lifecycle/sessions.controller';
import { GetSupportedUseCase } from './supported/get-supported.usecase';
import { SupportedController } from './supported/supported.controller';

@Module({
  controllers: [
    SystemHealthController,
    SupportedController,
    VerifyController,
    SettleController,
    SettlementsController,
    SessionsController,
    PayController,
    PrivatePaymentsController,
    RecipientsController,
    OpenApiController,
  ],
  providers: [
    HttpMetricsInstaller,
    CorsInstaller,
    LoadSheddingInstaller,
    JsonBodyInstaller,
    { provide: APP_FILTER, useClass: HttpExceptionFilter },
    ApiKeyGuard,
    RateLimits,
    networkResolverProvider,
    SessionLedgerClient,
    SubmitterClient,
    ChainPollerClient,
    SystemHealthUseCase,
    SessionScheme,
    { provide: PRIVATE_PAYMENT_FINDER, useClass: ChainPollerPaymentFinder },
    { provide: PAYMENT_CLAIMS, useClass: RedisPaymentClaims },
    PrivateScheme,
    // The schemes /supported, /verify and /settle offer.
    { provide: FACILITATOR_SCHEMES, inject: [SessionScheme, PrivateScheme], useFactory: (...schemes: FacilitatorScheme[]) => schemes },
    SchemeRegistry,
    GetSupportedUseCase,
    FacilitatePaymentUseCase,
    OpenSessionUseCase,
    SeedOpenSessionUseCase,
    SessionOpener,
    SessionQueryUseCase,
    PayOneShotUseCase,
    LookupPrivatePaymentUseCase,
    ...ADMIN_PROVIDERS,
  ],
})
export class AppModule {}
