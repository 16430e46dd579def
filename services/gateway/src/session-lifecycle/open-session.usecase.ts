import { Injectable } from '@nestjs/common';
import { parseSessionAuthMessage, sessionAuthPerCallLimit, verifySessionAuthMessage } from '@quietpay/x402';
import { ApiError } from '../http/api-error';
import type { OpenSessionBody } from './open-session.body';
import { SessionOpener } from './session-opener';
import type { SessionView } from './session.view';

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
  constructor(private readonly opener: SessionOpener) {}

  /** `clientIp`: the caller's address behind trusted proxies (the per-IP rate limit's key). */
  async execute(body: OpenSessionBody, clientIp: string): Promise<SessionView> {
    const settings = this.opener.settings();
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
    const now = this.opener.checkTerms(terms, settings);
    if (!verifySessionAuthMessage(terms, body.authSignature)) throw new ApiError('bad_auth_signature', 'authSignature does not verify for user');
    const opening = {
      approveTxBase64: body.approveTx,
      authMessage: body.authMessage,
      authSignature: body.authSignature,
      user: body.user,
      sessionPublicKey: body.sessionPublicKey,
      nonce: body.nonce,
      legacy: false,
    };
    return this.opener.open(clientIp, opening, terms, perCallLimit, now);
  }
}
