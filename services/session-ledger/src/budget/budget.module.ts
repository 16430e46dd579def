import { Inject, Module, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { LOGGER, REDIS, SERVICE_CONFIG, type RedisClient } from '@quietpay/platform';
import { Connection } from '@solana/web3.js';
import type { Logger } from 'pino';
import type { SessionLedgerConfig } from '../config.schema';
import { AccountFacilitatorSpend } from './account-facilitator-spend';
import { FacilitatorBalancePoller } from './facilitator-balance.poller';
import { FacilitatorLamportsRepository } from './facilitator-lamports.repository';
import { registerFacilitatorSolBalance } from './facilitator-lamports.metrics';
import { FacilitatorSpendReader } from './facilitator-spend.reader';

/** The facilitator's lamport budget per session and its SOL balance gauge. */
@Module({
  providers: [
    {
      provide: FacilitatorSpendReader,
      inject: [SERVICE_CONFIG],
      useFactory: (config: SessionLedgerConfig) => new FacilitatorSpendReader(new Connection(config.SOLANA_RPC_URL, 'confirmed'), config.FACILITATOR_PUBKEY),
    },
    {
      provide: FacilitatorLamportsRepository,
      inject: [REDIS, SERVICE_CONFIG],
      useFactory: (redis: RedisClient, config: SessionLedgerConfig) =>
        new FacilitatorLamportsRepository(redis, config.LEDGER_KEY_PREFIX, config.LEDGER_RETENTION_SECONDS),
    },
    {
      provide: AccountFacilitatorSpend,
      inject: [FacilitatorSpendReader, FacilitatorLamportsRepository, LOGGER],
      useFactory: (reader: FacilitatorSpendReader, lamports: FacilitatorLamportsRepository, logger: Logger) =>
        new AccountFacilitatorSpend(reader, lamports, logger),
    },
    {
      provide: FacilitatorBalancePoller,
      inject: [FacilitatorSpendReader, SERVICE_CONFIG, LOGGER],
      useFactory: (reader: FacilitatorSpendReader, config: SessionLedgerConfig, logger: Logger) =>
        new FacilitatorBalancePoller(reader, registerFacilitatorSolBalance(), config.FACILITATOR_BALANCE_POLL_SECONDS * 1000, logger),
    },
  ],
  exports: [AccountFacilitatorSpend, FacilitatorLamportsRepository],
})
export class BudgetModule implements OnModuleInit, OnModuleDestroy {
  constructor(@Inject(FacilitatorBalancePoller) private readonly poller: FacilitatorBalancePoller) {}

  onModuleInit(): void {
    this.poller.start();
  }

  onModuleDestroy(): void {
    this.poller.stop();
  }
}
