import { Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { LOGGER, REDIS, SERVICE_CONFIG, type RedisClient } from '@quietpay/platform';
import { Logger } from 'pino';
import { DecryptProxyConfig } from './config.schema';
import { AttestationKeyProvider } from './covalidator/attestation-key.provider';
import { CovalidatorClient } from './covalidator/covalidator.client';
import { AddressRateLimiter } from './decrypt/address-rate.limiter';
import { AttestedDecryptHandler } from './decrypt/attested-decrypt.handler';
import { AttestedDecryptUseCase } from './decrypt/attested-decrypt.usecase';
import { DecryptResultCache } from './decrypt/decrypt-result.cache';

// Config, bus, Redis, health and describe come from PlatformModule (bootstrapService).
@Module({
  controllers: [AttestedDecryptHandler],
  providers: [
    {
      provide: CovalidatorClient,
      inject: [SERVICE_CONFIG],
      useFactory: (c: DecryptProxyConfig) => new CovalidatorClient(c.COVALIDATOR_URL, c.COVALIDATOR_TIMEOUT_MS),
    },
    {
      provide: AttestationKeyProvider,
      inject: [CovalidatorClient, SERVICE_CONFIG],
      useFactory: (client: CovalidatorClient, c: DecryptProxyConfig) => new AttestationKeyProvider(client, c.ATTESTATION_PUBLIC_KEY),
    },
    {
      provide: DecryptResultCache,
      inject: [REDIS, SERVICE_CONFIG],
      useFactory: (redis: RedisClient, c: DecryptProxyConfig) => new DecryptResultCache(redis, c.DECRYPT_KEY_PREFIX, c.DECRYPT_CACHE_TTL_SECONDS),
    },
    {
      provide: AddressRateLimiter,
      inject: [REDIS, SERVICE_CONFIG],
      useFactory: (redis: RedisClient, c: DecryptProxyConfig) =>
        new AddressRateLimiter(redis, c.DECRYPT_KEY_PREFIX, c.DECRYPT_RATE_LIMIT, c.DECRYPT_RATE_WINDOW_SECONDS),
    },
    {
      provide: AttestedDecryptUseCase,
      inject: [CovalidatorClient, AttestationKeyProvider, DecryptResultCache, AddressRateLimiter],
      useFactory: (...deps: ConstructorParameters<typeof AttestedDecryptUseCase>) => new AttestedDecryptUseCase(...deps),
    },
  ],
})
export class AppModule implements OnApplicationBootstrap {
  constructor(
    private readonly attestationKey: AttestationKeyProvider,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  // Pin the attestation key at boot when it is not configured. Not fatal: the covalidator may
  // come up later, and the first decrypt tries again.
  onApplicationBootstrap(): void {
    this.attestationKey.key().then(
      (key) => this.logger.info({ attestationPublicKey: key.toBase58() }, 'covalidator attestation key pinned'),
      (error: unknown) => this.logger.warn({ err: error }, 'covalidator attestation key not pinned yet'),
    );
  }
}
