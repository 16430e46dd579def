import { DOCUMENT_VALUE, signedDocumentLayout } from './signed-document.codec';

/**
 * What session-ledger authorizes one transfer to move: a single reserved charge (`kind` charge,
 * `id` its settlement id, `members` [id]) or a batch of a session's reserved charges (`kind` batch,
 * `id` the batch id, `amount` their sum). Parties and mint are the session's, never a caller's.
 */
export interface ChargeAuthorizationTerms {
  readonly kind: 'charge' | 'batch';
  readonly id: string;
  readonly sessionId: string;
  /** Base units the transfer moves, exactly. */
  readonly amount: bigint;
  /** Source owner: the session's user (its IncoToken account pays). */
  readonly user: string;
  /** Destination owner: the session's recipient. */
  readonly recipient: string;
  readonly mint: string;
  /** CAIP-2 id of the chain. */
  readonly network: string;
  /** Unix seconds after which the signer refuses it. */
  readonly expiresAtUnix: number;
  /** The settlement ids the transfer pays. */
  readonly members: readonly string[];
}

// The bytes the ledger signs (layout in signed-document.codec.ts).
const LAYOUT = signedDocumentLayout('quietpay.charge-authorization.v1', 'charge authorization', {
  kind: /^(charge|batch)$/,
  id: DOCUMENT_VALUE.id,
  session: DOCUMENT_VALUE.id,
  amount: /^[1-9][0-9]{0,38}$/,
  user: DOCUMENT_VALUE.address,
  recipient: DOCUMENT_VALUE.address,
  mint: DOCUMENT_VALUE.address,
  network: DOCUMENT_VALUE.network,
  expires: DOCUMENT_VALUE.unixSeconds,
  members: /^[A-Za-z0-9._:-]{1,200}(,[A-Za-z0-9._:-]{1,200}){0,999}$/,
});

/**
 * The canonical bytes of an authorization; throws `authorization_malformed` for terms that
 * cannot be encoded (so the ledger never signs something a verifier would not parse back).
 *
 * @example
 * const bytes = encodeChargeAuthorization({ kind: 'charge', id, sessionId, amount: 1000n, ... });
 */
export function encodeChargeAuthorization(terms: ChargeAuthorizationTerms): Uint8Array {
  const bytes = LAYOUT.encode({
    kind: terms.kind,
    id: terms.id,
    session: terms.sessionId,
    amount: terms.amount.toString(10),
    user: terms.user,
    recipient: terms.recipient,
    mint: terms.mint,
    network: terms.network,
    expires: String(terms.expiresAtUnix),
    members: terms.members.join(','),
  });
  if (terms.kind === 'charge' && (terms.members.length !== 1 || terms.members[0] !== terms.id)) throw LAYOUT.malformed('a charge authorizes only itself');
  return bytes;
}

/**
 * Parses canonical bytes back into terms; anything but exactly the encoder's output is
 * `authorization_malformed`.
 *
 * @example
 * const terms = decodeChargeAuthorization(authorization.payload);
 */
export function decodeChargeAuthorization(bytes: Uint8Array): ChargeAuthorizationTerms {
  const values = LAYOUT.decode(bytes);
  const terms: ChargeAuthorizationTerms = {
    kind: values.kind as 'charge' | 'batch',
    id: values.id,
    sessionId: values.session,
    amount: BigInt(values.amount),
    user: values.user,
    recipient: values.recipient,
    mint: values.mint,
    network: values.network,
    expiresAtUnix: Number(values.expires),
    members: values.members.split(','),
  };
  // Re-encoding runs the charge rules too (a charge authorizes only itself).
  LAYOUT.requireCanonical(bytes, encodeChargeAuthorization(terms));
  return terms;
}
