import { Module } from '@nestjs/common';
import { BusClient, REDIS, SERVICE_CONFIG, type RedisClient } from '@quietpay/platform';
import { Connection } from '@solana/web3.js';
import type { Caip2Network } from '@quietpay/x402';
import { AuthorityHandler } from './authority/authority.handler';
import { AuthorizeChargesUseCase } from './authority/authorize-charges.usecase';
import { BindBatchTransactionUseCase } from './authority/bind-batch-transaction.usecase';
import { ledgerAuthorityProvider } from './authority/ledger-authority.provider';
import { BudgetModule } from './budget/budget.module';
import { ChargeHandler } from './charge/charge.handler';
import { GetChargeUseCase } from './charge/get-charge.usecase';
import { CommitChargeUseCase } from './charge/commit-charge.usecase';
import { ListOpenChargesUseCase } from './charge/list-open-charges.usecase';
import { ReleaseChargeUseCase } from './charge/release-charge.usecase';
import { ServeChargeUseCase } from './charge/serve-charge.usecase';
import { SettleChargeUseCase } from './charge/settle-charge.usecase';
import { CHARGE_SUBMITTER } from './charge/charge-submitter.port';
import { NatsChargeSubmitter } from './charge/nats-charge-submitter.adapter';
import { SubmitChargeUseCase } from './charge/submit-charge.usecase';
import { lamportsHeldPerCharge, type SessionLedgerConfig } from './config.schema';
import { BatchTransactions } from './ledger/batch-transactions.repository';
import { LedgerListing } from './ledger/ledger-listing';
import { LedgerRepository } from './ledger/ledger.repository';
import { CHARGE_LEDGER } from './payment/charge-ledger.port';
import { PAYMENT_POLICY, type PaymentPolicy } from './payment/payment.policy';
import { PaymentHandler } from './payment/payment.handler';
import { ReserveChargeUseCase } from './payment/reserve-charge.usecase';
import { VerifyPaymentUseCase } from './payment/verify-payment.usecase';
import { NatsSessionOpeningAdapter } from './open/nats-session-opening.adapter';
import { OpenSessionHandler } from './open/open-session.handler';
import { OPEN_POLICY, OpenSessionUseCase } from './open/open-session.usecase';
import type { OpenPolicy } from './open/open-terms.check';
import { SESSION_OPENING_PORT } from './open/session-opening.port';
import { RecipientRegistry } from './recipients/recipient-registry';
import { RecipientsHandler } from './recipients/recipients.handler';
import { CloseSessionUseCase } from './session/close-session.usecase';
import { GetSessionUseCase } from './session/get-session.usecase';
import { ListChargesUseCase } from './session/list-charges.usecase';
import { ListSessionsUseCase } from './session/list-sessions.usecase';
import { OperatorHandler } from './session/operator.handler';
import { SessionHandler } from './session/session.handler';
import { CLOCK, redisClock } from './shared/clock';
import { networkNormaliser } from './shared/network.policy';

// Config, bus, Redis, health and describe come from PlatformModule (bootstrapService).
@Module({
  imports: [BudgetModule],
  controllers: [PaymentHandler, ChargeHandler, AuthorityHandler, SessionHandler, OpenSessionHandler, RecipientsHandler, OperatorHandler],
  providers: [
    {
      provide: LedgerRepository,
      inject: [REDIS, SERVICE_CONFIG],
      useFactory: (redis: RedisClient, config: SessionLedgerConfig) =>
        new LedgerRepository(redis, config.LEDGER_KEY_PREFIX, {
          minAmount: config.MIN_SETTLEMENT_AMOUNT,
          retentionSeconds: config.LEDGER_RETENTION_SECONDS,
          lamportBudget: config.SESSION_LAMPORT_BUDGET,
          lamportsHeldPerCharge: lamportsHeldPerCharge(config),
          callsPerWindow: config.RATE_LIMIT_PAYMENTS_PER_SESSION,
          callWindowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
        }),
    },
    { provide: CHARGE_LEDGER, useExisting: LedgerRepository },
    {
      provide: RecipientRegistry,
      inject: [REDIS, SERVICE_CONFIG],
      useFactory: (redis: RedisClient, config: SessionLedgerConfig) =>
        new RecipientRegistry(redis, config.LEDGER_KEY_PREFIX, new Set(config.REGISTERED_RECIPIENTS), config.FACILITATOR_PUBKEY),
    },
    {
      provide: LedgerListing,
      inject: [REDIS, SERVICE_CONFIG],
      useFactory: (redis: RedisClient, config: SessionLedgerConfig) => new LedgerListing(redis, config.LEDGER_KEY_PREFIX),
    },
    {
      provide: BatchTransactions,
      inject: [REDIS, SERVICE_CONFIG],
      useFactory: (redis: RedisClient, config: SessionLedgerConfig) => new BatchTransactions(redis, config.LEDGER_KEY_PREFIX),
    },
    BindBatchTransactionUseCase,
    ListSessionsUseCase,
    ListChargesUseCase,
    {
      provide: PAYMENT_POLICY,
      inject: [SERVICE_CONFIG],
      useFactory: (config: SessionLedgerConfig): PaymentPolicy => ({
        servedNetwork: config.SESSION_NETWORK,
        normaliseNetwork: networkNormaliser(config.SESSION_NETWORK as Caip2Network),
        legacyUnsignedPayloads: config.LEGACY_UNSIGNED_PAYLOADS,
      }),
    },
    {
      provide: OPEN_POLICY,
      inject: [SERVICE_CONFIG],
      useFactory: (config: SessionLedgerConfig): OpenPolicy => ({
        facilitator: config.FACILITATOR_PUBKEY,
        mint: config.INCO_MINT,
        servedNetwork: config.SESSION_NETWORK,
        normaliseNetwork: networkNormaliser(config.SESSION_NETWORK as Caip2Network),
        maxSessionSeconds: config.MAX_SESSION_SECONDS,
        legacySessions: config.LEGACY_UNSIGNED_PAYLOADS,
        maxLegacyTopUpLamports: config.LEGACY_SESSION_TOP_UP_MAX_LAMPORTS,
      }),
    },
    {
      provide: SESSION_OPENING_PORT,
      inject: [BusClient, SERVICE_CONFIG],
      useFactory: (bus: BusClient, config: SessionLedgerConfig) => new NatsSessionOpeningAdapter(bus, new Connection(config.SOLANA_RPC_URL, 'confirmed')),
    },
    { provide: CHARGE_SUBMITTER, inject: [BusClient], useFactory: (bus: BusClient) => new NatsChargeSubmitter(bus) },
    { provide: CLOCK, inject: [REDIS], useFactory: (redis: RedisClient) => redisClock(redis) },
    ledgerAuthorityProvider,
    AuthorizeChargesUseCase,
    GetChargeUseCase,
    VerifyPaymentUseCase,
    ReserveChargeUseCase,
    CommitChargeUseCase,
    ServeChargeUseCase,
    ListOpenChargesUseCase,
    ReleaseChargeUseCase,
    SubmitChargeUseCase,
    SettleChargeUseCase,
    GetSessionUseCase,
    CloseSessionUseCase,
    OpenSessionUseCase,
  ],
})
export class AppModule {}
