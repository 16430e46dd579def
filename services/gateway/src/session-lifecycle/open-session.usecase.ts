import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@quietpay/platform';
import { type NetworkResolver, parseSessionAuthMessage, sessionAuthPerCallLimit, verifySessionAuthMessage } from '@quietpay/x402';
import type { GatewayConfig } from '../config.schema';
import { ApiError } from '../http/api-error';
import { NETWORK_RESOLVER } from '../facilitation/network-resolver.provider';
import { SessionLedgerClient } from '../ports/session-ledger.client';
import { RateLimits } from '../rate-limit/rate-limits';
import { sessionSchemeSettings } from '../schemes/session/session-kinds';
import type { OpenSessionBody } from './open-session.body';
import { type SessionView, toSessionView } from './session.view';

// session-ledger's Lua compares amounts as doubles; larger limits would not be exact.
const MAX_EXACT_AMOUNT = 2n ** 53n - 1n;

/**
 * Opens a session. The gateway refuses what it can judge without state (a non-canonical or
 * mis-signed auth message, terms for another network, spender or mint, an expiry in the past)
 * so no bus round trip or transaction work is spent on it; session-ledger re-checks everything
 * and validates the approve transaction before anything is signed.
 */
@Injectable()
export class OpenSessionUseCase {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
    @Inject(NETWORK_RESOLVER) private readonly networks: NetworkResolver,
    private readonly ledger: SessionLedgerClient,
    private readonly limits: RateLimits,
  ) {}

  /** `clientIp`: the caller's address behind trusted proxies (the per-IP rate limit's key). */
  async execute(body: OpenSessionBody, clientIp: string): Promise<SessionView> {
    const settings = sessionSchemeSettings(this.config);
    if (settings === undefined) throw new ApiError('scheme_not_configured', 'the session scheme is not configured on this facilitator');
    const terms = parseSessionAuthMessage(body.authMessage);
    if (terms === undefined) throw new ApiError('invalid_auth_message', 'authMessage is not the canonical session auth message');
    if (terms.user !== body.user) throw new ApiError('invalid_request', 'user differs from the auth message');
    if (terms.sessionPubkey !== body.sessionPublicKey) throw new ApiError('invalid_request', 'sessionPublicKey differs from the auth message');
    if (terms.nonce !== body.nonce) throw new ApiError('invalid_request', 'nonce differs from the auth message');
    // The limit is whatever the user signed (a legacy message without one: "0", none); an unsigned
    // copy in the body that says otherwise is a tampered or confused request.
    const perCallLimit = sessionAuthPerCallLimit(terms);
    if (body.perCallLimit !== undefined && body.perCallLimit !== perCallLimit) {
      throw new ApiError('terms_mismatch', 'perCallLimit differs from the auth message');
    }
    if (BigInt(perCallLimit) > MAX_EXACT_AMOUNT) throw new ApiError('per_call_limit_too_large', 'perCallLimit above 2^53-1 base units');
    if (this.networks.toCaip2(terms.network) !== this.config.NETWORK) {
      throw new ApiError('invalid_network', `this facilitator opens sessions on ${this.config.NETWORK}`);
    }
    if (terms.spender !== settings.facilitator) throw new ApiError('spender_mismatch', 'spender is not this facilitator');
    if (terms.asset !== settings.mint) throw new ApiError('asset_mismatch', 'asset is not the mint this facilitator settles');
    const now = Math.floor(Date.now() / 1000);
    if (terms.expirationUnix <= now) throw new ApiError('session_expired', 'expirationUnix is in the past');
    if (!verifySessionAuthMessage(terms, body.authSignature)) throw new ApiError('bad_auth_signature', 'authSignature does not verify for user');
    // Counted only for opens that would reach the chain (each may cost the facilitator a fee and
    // rent); the user bucket only once the user's signature proved the request is theirs, so a
    // stranger cannot use up someone else's opens.
    await this.limits.enforce([
      { bucket: 'sessions_per_ip', key: clientIp },
      { bucket: 'sessions_per_user', key: body.user },
    ]);

    const session = await this.ledger.open(
      {
        approveTxBase64: body.approveTx,
        authMessage: body.authMessage,
        authSignature: body.authSignature,
        user: body.user,
        sessionPublicKey: body.sessionPublicKey,
        nonce: body.nonce,
        terms: {
          cap: terms.cap,
          expirationUnix: terms.expirationUnix,
          asset: terms.asset,
          recipient: terms.recipient,
          network: this.config.NETWORK,
          perCallLimit,
        },
        legacy: false,
      },
      this.config.OPEN_SESSION_TIMEOUT_MS,
    );
    return toSessionView(session, now);
  }
}
