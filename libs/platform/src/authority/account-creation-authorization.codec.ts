import { DOCUMENT_VALUE, signedDocumentLayout } from './signed-document.codec';

/**
 * What session-ledger authorizes when the facilitator may pay a token account's rent: the
 * IncoToken account of `wallet` for `mint`, because `wallet` is a registered recipient of the
 * session being opened. A separate document from a charge authorization (its own domain line), so
 * neither can be replayed as the other.
 */
export interface AccountCreationTerms {
  /** The account owner: a registered recipient. */
  readonly wallet: string;
  readonly mint: string;
  /** CAIP-2 id of the chain. */
  readonly network: string;
  /** The session whose opening needs the account (for audit; the signer does not look it up). */
  readonly sessionId: string;
  /** Unix seconds after which the signer refuses it. */
  readonly expiresAtUnix: number;
}

// A separate domain line from the charge authorization's, so neither can be replayed as the other.
const LAYOUT = signedDocumentLayout('quietpay.account-creation-authorization.v1', 'account-creation authorization', {
  wallet: DOCUMENT_VALUE.address,
  mint: DOCUMENT_VALUE.address,
  network: DOCUMENT_VALUE.network,
  session: DOCUMENT_VALUE.id,
  expires: DOCUMENT_VALUE.unixSeconds,
});

/**
 * The canonical bytes of an account-creation authorization; throws `authorization_malformed` for
 * terms that cannot be encoded.
 *
 * @example
 * const bytes = encodeAccountCreation({ wallet, mint, network: 'solana:localnet', sessionId, expiresAtUnix });
 */
export function encodeAccountCreation(terms: AccountCreationTerms): Uint8Array {
  return LAYOUT.encode({
    wallet: terms.wallet,
    mint: terms.mint,
    network: terms.network,
    session: terms.sessionId,
    expires: String(terms.expiresAtUnix),
  });
}

/**
 * Parses canonical bytes back into terms; anything but exactly the encoder's output is
 * `authorization_malformed`.
 *
 * @example
 * const terms = decodeAccountCreation(authorization.payload);
 */
export function decodeAccountCreation(bytes: Uint8Array): AccountCreationTerms {
  const values = LAYOUT.decode(bytes);
  const terms: AccountCreationTerms = {
    wallet: values.wallet,
    mint: values.mint,
    network: values.network,
    sessionId: values.session,
    expiresAtUnix: Number(values.expires),
  };
  LAYOUT.requireCanonical(bytes, encodeAccountCreation(terms));
  return terms;
}
