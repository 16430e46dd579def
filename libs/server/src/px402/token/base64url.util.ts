const BASE64URL_CHARS = /^[A-Za-z0-9_-]*$/;

/** Encodes bytes as unpadded base64url (RFC 4648 §5). */
export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/**
 * Decodes unpadded base64url, or returns undefined. Node's decoder silently skips foreign
 * characters and ignores trailing bits, so two different strings could decode to the same bytes;
 * re-encoding and comparing makes exactly one spelling valid per value.
 */
export function fromBase64Url(text: string): Buffer | undefined {
  if (!BASE64URL_CHARS.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

const PADDED_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes a MAC as px402 accepts it: unpadded base64url or padded standard base64 (its server
 * decodes both). Either way exactly one spelling per value is valid, as in {@link fromBase64Url}.
 */
export function fromMacText(text: string): Buffer | undefined {
  const url = fromBase64Url(text);
  if (url !== undefined) return url;
  if (!PADDED_BASE64.test(text) || text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}
