import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@quietpay/platform';
import { type LegacySessionAuthFields, parseLegacySessionAuthMessage, verifyLegacySessionAuthMessage } from '@quietpay/x402';
import bs58 from 'bs58';
import type { GatewayConfig } from '../config.schema';
import { ApiError } from '../http/api-error';
import type { SeedOpenSessionBody } from './seed-open-session.body';
import { SessionOpener } from './session-opener';
import type { SessionView } from './session.view';

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
    private readonly opener: SessionOpener,
  ) {}

  async execute(body: SeedOpenSessionBody, clientIp: string): Promise<SessionView> {
    const settings = this.opener.settings();
    const message = Buffer.from(body.authMessage, 'base64').toString('utf8');
    const terms = parseLegacySessionAuthMessage(message);
    if (terms === undefined) throw new ApiError('invalid_auth_message', "authMessage is not the seed's canonical session auth message");
    this.checkCopies(body, terms);
    const now = this.opener.checkTerms(terms, settings);
    const signature = Buffer.from(body.authSignature, 'base64');
    if (signature.length !== 64) throw new ApiError('invalid_request', 'authSignature must be 64 bytes in base64');
    const authSignature = bs58.encode(signature);
    if (!verifyLegacySessionAuthMessage(terms, authSignature)) throw new ApiError('bad_auth_signature', 'authSignature does not verify for user');
    // The same buckets as quietpay's opens: each one costs the facilitator a fee, rents and the top-up.
    const opening = {
      approveTxBase64: body.approveTxBase64,
      authMessage: message,
      authSignature,
      user: terms.user,
      sessionPublicKey: '',
      nonce: terms.nonce,
      legacy: true,
    };
    return this.opener.open(clientIp, opening, terms, '0', now);
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
