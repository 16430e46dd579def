import { Inject, Injectable } from '@nestjs/common';
import type { OpenSessionRequest } from '@quietpay/contracts';
import { SERVICE_CONFIG } from '@quietpay/platform';
import type { NetworkResolver } from '@quietpay/x402';
import type { GatewayConfig } from '../config.schema';
import { ApiError } from '../http/api-error';
import { NETWORK_RESOLVER } from '../facilitation/network-resolver.provider';
import { SessionLedgerClient } from '../ports/session-ledger.client';
import { RateLimits } from '../rate-limit/rate-limits';
import { type SessionSchemeSettings, sessionSchemeSettings } from '../schemes/session/session-kinds';
import { type SessionView, toSessionView } from './session.view';

/** The signed terms both session opens (quietpay's and the seed's) judge against this facilitator. */
export interface SignedOpenTerms {
  readonly network: string;
  readonly spender: string;
  readonly asset: string;
  readonly recipient: string;
  readonly cap: string;
  readonly expirationUnix: number;
}

/** What a session open sends the ledger besides the terms, which `open` fills in from the signed ones. */
export type LedgerOpening = Omit<OpenSessionRequest, 'terms'>;

/**
 * The steps quietpay's open and the seed's share: the scheme must be configured, the signed terms
 * must name this facilitator's network, spender and mint and a future expiry, and an open that
 * passed its own message's checks is counted against the open rate limits, then sent to the ledger.
 */
@Injectable()
export class SessionOpener {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
    @Inject(NETWORK_RESOLVER) private readonly networks: NetworkResolver,
    private readonly ledger: SessionLedgerClient,
    private readonly limits: RateLimits,
  ) {}

  settings(): SessionSchemeSettings {
    const settings = sessionSchemeSettings(this.config);
    if (settings === undefined) throw new ApiError('scheme_not_configured', 'the session scheme is not configured on this facilitator');
    return settings;
  }

  /** Refuses terms for another network, spender or mint, or already expired; returns the unix second they were judged at. */
  checkTerms(terms: SignedOpenTerms, settings: SessionSchemeSettings): number {
    if (this.networks.toCaip2(terms.network) !== this.config.NETWORK) {
      throw new ApiError('invalid_network', `this facilitator opens sessions on ${this.config.NETWORK}`);
    }
    if (terms.spender !== settings.facilitator) throw new ApiError('spender_mismatch', 'spender is not this facilitator');
    if (terms.asset !== settings.mint) throw new ApiError('asset_mismatch', 'asset is not the mint this facilitator settles');
    const now = Math.floor(Date.now() / 1000);
    if (terms.expirationUnix <= now) throw new ApiError('session_expired', 'expirationUnix is in the past');
    return now;
  }

  /**
   * Counted only for opens that would reach the chain (each may cost the facilitator a fee and
   * rent); the user bucket only once the user's signature proved the request is theirs, so a
   * stranger cannot use up someone else's opens. `now`: what checkTerms returned.
   */
  async open(clientIp: string, opening: LedgerOpening, terms: SignedOpenTerms, perCallLimit: string, now: number): Promise<SessionView> {
    await this.limits.enforce([
      { bucket: 'sessions_per_ip', key: clientIp },
      { bucket: 'sessions_per_user', key: opening.user },
    ]);
    const session = await this.ledger.open(
      {
        ...opening,
        terms: {
          cap: terms.cap,
          expirationUnix: terms.expirationUnix,
          asset: terms.asset,
          recipient: terms.recipient,
          network: this.config.NETWORK,
          perCallLimit,
        },
      },
      this.config.OPEN_SESSION_TIMEOUT_MS,
    );
    return toSessionView(session, now);
  }
}
