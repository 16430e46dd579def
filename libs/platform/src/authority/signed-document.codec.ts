import { BASE58_ADDRESS_TEXT } from '@quietpay/x402';
import { QuietpayError } from '../errors/quietpay-error';

/**
 * The byte layout of every document session-ledger's authority signs: a domain line naming the
 * document and its version, then one `name=value` line per field in a fixed order. Each field's
 * pattern admits no line break, so the encoding is injective and a verifier parses exactly the bytes
 * whose signature it checked; the domain line keeps one document from being replayed as another.
 */
export interface SignedDocumentLayout<F extends string> {
  encode(values: Readonly<Record<F, string>>): Uint8Array;
  /** The field values of exactly an `encode` output; anything else is `authorization_malformed`. */
  decode(bytes: Uint8Array): Record<F, string>;
  /**
   * Throws unless `bytes` equals `reencoded` (the document's own encoder run on the decoded terms),
   * so decode → terms → encode is the identity and the document's own rules ran on what was signed.
   */
  requireCanonical(bytes: Uint8Array, reencoded: Uint8Array): void;
  malformed(detail: string): QuietpayError;
}

/**
 * The layout for one document type. `name` prefixes error messages; `fields` gives the order (the
 * keys' order) and each value's pattern.
 *
 * @example
 * const layout = signedDocumentLayout('quietpay.example.v1', 'example', { id: /^[a-z]{1,8}$/ });
 * layout.decode(layout.encode({ id: 'abc' })); // { id: 'abc' }
 */
export function signedDocumentLayout<F extends string>(domain: string, name: string, fields: Readonly<Record<F, RegExp>>): SignedDocumentLayout<F> {
  const order = Object.keys(fields) as F[];
  const malformed = (detail: string): QuietpayError => new QuietpayError('authorization_malformed', `${name} malformed: ${detail}`, { retryable: false });
  return {
    malformed,
    encode(values) {
      for (const field of order) if (!fields[field].test(values[field])) throw malformed(`${field} is not encodable`);
      return new TextEncoder().encode([domain, ...order.map((f) => `${f}=${values[f]}`)].join('\n'));
    },
    decode(bytes) {
      const lines = new TextDecoder('utf-8', { fatal: false }).decode(bytes).split('\n');
      if (lines.length !== order.length + 1 || lines[0] !== domain) throw malformed(`not a ${domain}`);
      const values = {} as Record<F, string>;
      order.forEach((field, i) => {
        const line = lines[i + 1] ?? '';
        const prefix = `${field}=`;
        const value = line.startsWith(prefix) ? line.slice(prefix.length) : '';
        if (!fields[field].test(value)) throw malformed(`${field} missing or invalid`);
        values[field] = value;
      });
      return values;
    },
    requireCanonical(bytes, reencoded) {
      if (reencoded.length !== bytes.length || reencoded.some((b, i) => b !== bytes[i])) throw malformed('not canonical');
    },
  };
}

/**
 * Value patterns the documents share. They guard the encoding (no separator can appear), not the
 * values' meaning: the ledger signs only parties and amounts it holds.
 */
export const DOCUMENT_VALUE = {
  id: /^[A-Za-z0-9._:-]{1,200}$/,
  address: BASE58_ADDRESS_TEXT,
  network: /^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/,
  unixSeconds: /^[1-9][0-9]{0,11}$/,
} as const;
