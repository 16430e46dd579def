import type { Provider } from '@nestjs/common';
import { ledgerAccountCreationVerifier, ledgerAuthorityVerifier, SERVICE_CONFIG } from '@quietpay/platform';
import type { SignerConfig } from '../config.schema';
import type { TransferAuthority } from '../policy/authorized-transfer.policy';

export const TRANSFER_AUTHORITY = Symbol('TRANSFER_AUTHORITY');

/** The keys a settlement transfer (and a facilitator-paid account creation) is checked against, pinned in config. */
export const transferAuthorityProvider: Provider = {
  provide: TRANSFER_AUTHORITY,
  inject: [SERVICE_CONFIG],
  useFactory: (config: SignerConfig): TransferAuthority => ({
    verify: ledgerAuthorityVerifier(config.LEDGER_AUTHORITY_PUBKEY),
    verifyAccountCreation: ledgerAccountCreationVerifier(config.LEDGER_AUTHORITY_PUBKEY),
    teePublicKey: config.TEE_PUBLIC_KEY,
  }),
};
