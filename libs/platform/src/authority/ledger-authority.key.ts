import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import bs58 from 'bs58';
import type { Secret } from '../config/secret';
import { type AccountCreationTerms, decodeAccountCreation, encodeAccountCreation } from './account-creation-authorization.codec';
import { type ChargeAuthorizationTerms, decodeChargeAuthorization, encodeChargeAuthorization } from './charge-authorization.codec';

/** An authorization as it travels: the canonical bytes and the ledger's ed25519 signature over them. */
export interface SignedChargeAuthorization {
  readonly payload: Uint8Array;
  readonly signature: Uint8Array;
}

/** The verdict on a signed authorization: its decoded terms, or why it is refused. */
export type SignedDocumentCheck<Terms> =
  | { readonly ok: true; readonly terms: Terms }
  | { readonly ok: false; readonly reason: 'authorization_forged' | 'authorization_malformed' | 'authorization_expired'; readonly detail: string };

export type AuthorizationCheck = SignedDocumentCheck<ChargeAuthorizationTerms>;
export type AccountCreationCheck = SignedDocumentCheck<AccountCreationTerms>;

const b64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

/**
 * True for a Solana CLI keypair file (JSON array of 64 bytes: ed25519 seed ‖ public key), the
 * format of every key file quietpay reads (facilitator, ledger authority).
 */
export function isKeypairFile(secret: Secret): boolean {
  try {
    const bytes: unknown = JSON.parse(secret.reveal().toString('utf8'));
    return Array.isArray(bytes) && bytes.length === 64 && bytes.every((b) => Number.isInteger(b) && b >= 0 && b <= 255);
  } catch {
    return false;
  }
}

/**
 * session-ledger's authority key, from its keypair file. The seed stays inside a KeyObject; only
 * the public key (base58, what the signer is configured with) is readable.
 *
 * @example
 * const authority = LedgerAuthorityKey.fromKeypairFile(config.LEDGER_AUTHORITY_KEY_FILE);
 * const signed = authority.sign(terms);
 */
export class LedgerAuthorityKey {
  private constructor(
    private readonly privateKey: KeyObject,
    readonly publicKeyBase58: string,
  ) {}

  static fromKeypairFile(secret: Secret): LedgerAuthorityKey {
    const bytes = Uint8Array.from(JSON.parse(secret.reveal().toString('utf8')) as number[]);
    if (bytes.length !== 64) throw new RangeError('ledger authority key file is not a 64-byte keypair');
    const seed = bytes.subarray(0, 32);
    const publicKey = bytes.subarray(32);
    const privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: b64url(seed), x: b64url(publicKey) }, format: 'jwk' });
    // A file whose public half does not belong to its seed would make every signature fail to verify.
    const derived = createPublicKey(privateKey).export({ format: 'jwk' }).x;
    if (derived !== b64url(publicKey)) throw new RangeError('ledger authority key file: public key does not match the seed');
    return new LedgerAuthorityKey(privateKey, bs58.encode(publicKey));
  }

  sign(terms: ChargeAuthorizationTerms): SignedChargeAuthorization {
    return this.signPayload(encodeChargeAuthorization(terms));
  }

  /** Signs that the facilitator may pay the rent of a registered recipient's token account. */
  signAccountCreation(terms: AccountCreationTerms): SignedChargeAuthorization {
    return this.signPayload(encodeAccountCreation(terms));
  }

  private signPayload(payload: Uint8Array): SignedChargeAuthorization {
    return { payload, signature: new Uint8Array(sign(null, payload, this.privateKey)) };
  }
}

function verifierOf<Terms extends { readonly expiresAtUnix: number }>(
  publicKeyBase58: string,
  decode: (bytes: Uint8Array) => Terms,
): (signed: SignedChargeAuthorization, nowUnix: number) => SignedDocumentCheck<Terms> {
  const raw = bs58.decode(publicKeyBase58);
  if (raw.length !== 32) throw new RangeError('ledger authority public key must be 32 bytes');
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(raw) }, format: 'jwk' });
  return (signed, nowUnix) => {
    if (signed.signature.length !== 64 || !verify(null, signed.payload, publicKey, signed.signature)) {
      return { ok: false, reason: 'authorization_forged', detail: 'not signed by the ledger authority key' };
    }
    let terms: Terms;
    try {
      terms = decode(signed.payload);
    } catch (error) {
      return { ok: false, reason: 'authorization_malformed', detail: error instanceof Error ? error.message : 'undecodable' };
    }
    if (nowUnix >= terms.expiresAtUnix) return { ok: false, reason: 'authorization_expired', detail: `expired at ${terms.expiresAtUnix}` };
    return { ok: true, terms };
  };
}

/**
 * The ledger's public key as the verifying side holds it (base58, 32 bytes).
 *
 * @example
 * const ledger = ledgerAuthorityVerifier(config.LEDGER_AUTHORITY_PUBKEY);
 * const check = ledger(authorization, nowUnix);
 */
export function ledgerAuthorityVerifier(publicKeyBase58: string): (signed: SignedChargeAuthorization, nowUnix: number) => AuthorizationCheck {
  return verifierOf(publicKeyBase58, decodeChargeAuthorization);
}

/**
 * Verifies account-creation authorizations under the ledger's public key (a charge authorization,
 * whose domain line differs, is `authorization_malformed` here).
 *
 * @example
 * const creation = ledgerAccountCreationVerifier(config.LEDGER_AUTHORITY_PUBKEY);
 * const check = creation(request.accountCreation, nowUnix);
 */
export function ledgerAccountCreationVerifier(publicKeyBase58: string): (signed: SignedChargeAuthorization, nowUnix: number) => AccountCreationCheck {
  return verifierOf(publicKeyBase58, decodeAccountCreation);
}
