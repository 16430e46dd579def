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
