import type { Provider } from '@nestjs/common';
import { LedgerAuthorityKey, SERVICE_CONFIG } from '@quietpay/platform';
import type { SessionLedgerConfig } from '../config.schema';

export const LEDGER_AUTHORITY = Symbol('session-ledger.authority');

/** What authorizations are signed with and how long each is good for. */
export interface LedgerAuthority {
  readonly key: LedgerAuthorityKey;
  readonly ttlSeconds: number;
}

/** The ledger's authority key, read once from its file; the seed stays in a KeyObject. */
export const ledgerAuthorityProvider: Provider = {
  provide: LEDGER_AUTHORITY,
  inject: [SERVICE_CONFIG],
  useFactory: (config: SessionLedgerConfig): LedgerAuthority => ({
    key: LedgerAuthorityKey.fromKeypairFile(config.LEDGER_AUTHORITY_KEY_FILE),
    ttlSeconds: config.LEDGER_AUTHORIZATION_TTL_SECONDS,
  }),
};
