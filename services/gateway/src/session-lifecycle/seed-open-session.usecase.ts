import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@quietpay/platform';
import { type LegacySessionAuthFields, type NetworkResolver, parseLegacySessionAuthMessage, verifyLegacySessionAuthMessage } from '@quietpay/x402';
import bs58 from 'bs58';
import type { GatewayConfig } from '../config.schema';
import { ApiError } from '../http/api-error';
import { NETWORK_RESOLVER } from '../facilitation/network-resolver.provider';
import { SessionLedgerClient } from '../ports/session-ledger.client';
import { RateLimits } from '../rate-limit/rate-limits';
import { sessionSchemeSettings } from '../schemes/session/session-kinds';
import type { SeedOpenSessionBody } from './seed-open-session.body';
import { type SessionView, toSessionView } from './session.view';

/**
 * Opens a legacy session from the seed's `POST /sessions` (docs/migrating.md). The gateway
 * checks what needs no state (the seed's canonical message, signed by `user`, for this
 * facilitator's network, spender and mint); session-ledger refuses the open unless the operator
 * enabled legacy mode, then re-checks everything and has the seed's approve (with its bounded SOL
 * top-up) validated, co-signed under the signer's legacy policy, sent and cap-checked.
 */
@Injectable()
export class SeedOpenSessionUseCase {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
    @Inject(NETWORK_RESOLVER) private readonly networks: NetworkResolver,
    private readonly ledger: SessionLedgerClient,
    private readonly limits: RateLimits,
  ) {}

  async execute(body: SeedOpenSessionBody, clientIp: string): Promise<SessionView> {
    const settings = sessionSchemeSettings(this.config);
    if (settings === undefined) throw new ApiError('scheme_not_configured', 'the session scheme is not configured on this facilitator');
    const message = Buffer.from(body.authMessage, 'base64').toString('utf8');
    const terms = parseLegacySessionAuthMessage(message);
    if (terms === undefined) throw new ApiError('invalid_auth_message', "authMessage is not the seed's canonical session auth message");
    this.checkCopies(body, terms);
    if (this.networks.toCaip2(terms.network) !== this.config.NETWORK) {
      throw new ApiError('invalid_network', `this facilitator opens sessions on ${this.config.NETWORK}`);
    }
    if (terms.spender !== settings.facilitator) throw new ApiError('spender_mismatch', 'spender is not this facilitator');
    if (terms.asset !== settings.mint) throw new ApiError('asset_mismatch', 'asset is not the mint this facilitator settles');
    const now = Math.floor(Date.now() / 1000);
    if (terms.expirationUnix <= now) throw new ApiError('session_expired', 'expirationUnix is in the past');
    const signature = Buffer.from(body.authSignature, 'base64');
    if (signature.length !== 64) throw new ApiError('invalid_request', 'authSignature must be 64 bytes in base64');
    const authSignature = bs58.encode(signature);
    if (!verifyLegacySessionAuthMessage(terms, authSignature)) throw new ApiError('bad_auth_signature', 'authSignature does not verify for user');
    // The same buckets as quietpay's opens: each one costs the facilitator a fee, rents and the top-up.
    await this.limits.enforce([
      { bucket: 'sessions_per_ip', key: clientIp },
      { bucket: 'sessions_per_user', key: terms.user },
    ]);
    const session = await this.ledger.open(
      {
        approveTxBase64: body.approveTxBase64,
        authMessage: message,
        authSignature,
        user: terms.user,
        sessionPublicKey: '',
        nonce: terms.nonce,
        terms: {
          cap: terms.cap,
          expirationUnix: terms.expirationUnix,
          asset: terms.asset,
          recipient: terms.recipient,
          network: this.config.NETWORK,
          perCallLimit: '0',
        },
        legacy: true,
      },
      this.config.OPEN_SESSION_TIMEOUT_MS,
    );
    return toSessionView(session, now);
  }

  /**
   * The body's unsigned copies must say what the message signed. `cap` is compared in base units
   * or in whole tokens: the seed's `createSession` takes the cap in whole tokens and its message
   * carries base units, and either reading of the copy is unambiguous against the signed value.
   */
  private checkCopies(body: SeedOpenSessionBody, terms: LegacySessionAuthFields): void {
    const differs = (copy: string | number | undefined, signed: string | number) => copy !== undefined && copy !== signed;
    if (body.user !== terms.user) throw new ApiError('invalid_request', 'user differs from the auth message');
    if (
      differs(body.asset, terms.asset) ||
      differs(body.recipient, terms.recipient) ||
      differs(body.expirationUnix, terms.expirationUnix) ||
      differs(body.network, terms.network)
    ) {
      throw new ApiError('terms_mismatch', 'the request differs from the signed auth message');
    }
    if (body.cap !== undefined && body.cap !== terms.cap && wholeTokensToBaseUnits(body.cap, this.config.INCO_DECIMALS) !== terms.cap) {
      throw new ApiError('terms_mismatch', 'cap differs from the auth message');
    }
  }
}

/** "1.5" with 6 decimals → "1500000"; undefined when not a decimal with at most `decimals` places. */
function wholeTokensToBaseUnits(value: string, decimals: number): string | undefined {
  const match = /^(\d{1,20})(?:\.(\d+))?$/.exec(value);
  if (!match || (match[2]?.length ?? 0) > decimals) return undefined;
  return (BigInt(match[1] ?? '0') * 10n ** BigInt(decimals) + BigInt((match[2] ?? '').padEnd(decimals, '0') || '0')).toString();
}
