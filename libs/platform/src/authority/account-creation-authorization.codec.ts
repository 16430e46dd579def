import { QuietpayError } from '../errors/quietpay-error';

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

// Canonical bytes: a domain line, then `name=value` lines in this fixed order; no value can hold a
// separator, so the encoding is injective (the charge-authorization codec's rules).
const DOMAIN = 'quietpay.account-creation-authorization.v1';
const ADDRESS = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;
const FIELDS = {
  wallet: ADDRESS,
  mint: ADDRESS,
  network: /^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/,
  session: /^[A-Za-z0-9._:-]{1,200}$/,
  expires: /^[1-9][0-9]{0,11}$/,
} as const;
type Field = keyof typeof FIELDS;
const ORDER = Object.keys(FIELDS) as Field[];

function malformed(detail: string): QuietpayError {
  return new QuietpayError('authorization_malformed', `account-creation authorization malformed: ${detail}`, { retryable: false });
}

/**
 * The canonical bytes of an account-creation authorization; throws `authorization_malformed` for
 * terms that cannot be encoded.
 *
 * @example
 * const bytes = encodeAccountCreation({ wallet, mint, network: 'solana:localnet', sessionId, expiresAtUnix });
 */
export function encodeAccountCreation(terms: AccountCreationTerms): Uint8Array {
  const values: Record<Field, string> = {
    wallet: terms.wallet,
    mint: terms.mint,
    network: terms.network,
    session: terms.sessionId,
    expires: String(terms.expiresAtUnix),
  };
  for (const field of ORDER) if (!FIELDS[field].test(values[field])) throw malformed(`${field} is not encodable`);
  return new TextEncoder().encode([DOMAIN, ...ORDER.map((f) => `${f}=${values[f]}`)].join('\n'));
}

/**
 * Parses canonical bytes back into terms; anything but exactly the encoder's output is
 * `authorization_malformed`.
 *
 * @example
 * const terms = decodeAccountCreation(authorization.payload);
 */
export function decodeAccountCreation(bytes: Uint8Array): AccountCreationTerms {
  const lines = new TextDecoder('utf-8', { fatal: false }).decode(bytes).split('\n');
  if (lines.length !== ORDER.length + 1 || lines[0] !== DOMAIN) throw malformed('not a v1 account-creation authorization');
  const values = {} as Record<Field, string>;
  ORDER.forEach((field, i) => {
    const line = lines[i + 1] ?? '';
    const prefix = `${field}=`;
    const value = line.startsWith(prefix) ? line.slice(prefix.length) : '';
    if (!FIELDS[field].test(value)) throw malformed(`${field} missing or invalid`);
    values[field] = value;
  });
  const terms: AccountCreationTerms = {
    wallet: values.wallet,
    mint: values.mint,
    network: values.network,
    sessionId: values.session,
    expiresAtUnix: Number(values.expires),
  };
  const again = encodeAccountCreation(terms);
  if (again.length !== bytes.length || again.some((b, i) => b !== bytes[i])) throw malformed('not canonical');
  return terms;
}
