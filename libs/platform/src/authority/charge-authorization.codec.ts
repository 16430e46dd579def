import { QuietpayError } from '../errors/quietpay-error';

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

// The bytes the ledger signs: a domain line, then one `name=value` line per field in this fixed
// order. Values are restricted so that no value can contain a separator: the encoding is
// injective, and a verifier parses exactly the bytes whose signature it checked.
const DOMAIN = 'quietpay.charge-authorization.v1';
const ID = /^[A-Za-z0-9._:-]{1,200}$/;
const ADDRESS = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;
const FIELDS = {
  kind: /^(charge|batch)$/,
  id: ID,
  session: ID,
  amount: /^[1-9][0-9]{0,38}$/,
  user: ADDRESS,
  recipient: ADDRESS,
  mint: ADDRESS,
  network: /^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/,
  expires: /^[1-9][0-9]{0,11}$/,
  members: /^[A-Za-z0-9._:-]{1,200}(,[A-Za-z0-9._:-]{1,200}){0,999}$/,
} as const;
type Field = keyof typeof FIELDS;
const ORDER = Object.keys(FIELDS) as Field[];

function malformed(detail: string): QuietpayError {
  return new QuietpayError('authorization_malformed', `charge authorization malformed: ${detail}`, { retryable: false });
}

/**
 * The canonical bytes of an authorization; throws `authorization_malformed` for terms that
 * cannot be encoded (so the ledger never signs something a verifier would not parse back).
 *
 * @example
 * const bytes = encodeChargeAuthorization({ kind: 'charge', id, sessionId, amount: 1000n, ... });
 */
export function encodeChargeAuthorization(terms: ChargeAuthorizationTerms): Uint8Array {
  const values: Record<Field, string> = {
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
  };
  for (const field of ORDER) if (!FIELDS[field].test(values[field])) throw malformed(`${field} is not encodable`);
  if (terms.kind === 'charge' && (terms.members.length !== 1 || terms.members[0] !== terms.id)) throw malformed('a charge authorizes only itself');
  return new TextEncoder().encode([DOMAIN, ...ORDER.map((f) => `${f}=${values[f]}`)].join('\n'));
}

/**
 * Parses canonical bytes back into terms; anything but exactly the encoder's output is
 * `authorization_malformed`.
 *
 * @example
 * const terms = decodeChargeAuthorization(authorization.payload);
 */
export function decodeChargeAuthorization(bytes: Uint8Array): ChargeAuthorizationTerms {
  const lines = new TextDecoder('utf-8', { fatal: false }).decode(bytes).split('\n');
  if (lines.length !== ORDER.length + 1 || lines[0] !== DOMAIN) throw malformed('not a v1 authorization');
  const values = {} as Record<Field, string>;
  ORDER.forEach((field, i) => {
    const line = lines[i + 1] ?? '';
    const prefix = `${field}=`;
    const value = line.startsWith(prefix) ? line.slice(prefix.length) : '';
    if (!FIELDS[field].test(value)) throw malformed(`${field} missing or invalid`);
    values[field] = value;
  });
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
  // Re-encoding must give the same bytes (rejects e.g. a batch's duplicate-free rule breakers).
  const again = encodeChargeAuthorization(terms);
  if (again.length !== bytes.length || again.some((b, i) => b !== bytes[i])) throw malformed('not canonical');
  return terms;
}
