import { Module } from '@nestjs/common';
import { facilitatorKeyProvider, facilitatorSigningKeyProvider } from './key/facilitator-key.provider';
import { policyParamsProvider } from './key/policy-params.provider';
import { transferAuthorityProvider } from './key/transfer-authority.provider';
import { SignDecryptAuthHandler } from './sign/sign-decrypt-auth.handler';
import { SignDecryptAuthUseCase } from './sign/sign-decrypt-auth.usecase';
import { SignHandler } from './sign/sign.handler';
import { SignTransactionUseCase } from './sign/sign-transaction.usecase';

// Config, bus, Redis, health and describe come from PlatformModule (bootstrapService).
@Module({
  controllers: [SignHandler, SignDecryptAuthHandler],
  providers: [
    facilitatorKeyProvider,
    facilitatorSigningKeyProvider,
    policyParamsProvider,
    transferAuthorityProvider,
    SignTransactionUseCase,
    SignDecryptAuthUseCase,
  ],
})
export class AppModule {}
