import { base64ToBytes, bytesToBase64 } from './base64.codec';
import { HeaderDecodeError, type X402HeaderKind, x402CodeFor } from './header-codec.error';

// Standard alphabet with padding, as @x402/core emits; base64url ('-', '_') is rejected on purpose.
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const utf8 = new TextEncoder();

/** Standard base64 of the UTF-8 JSON of a value. */
export function encodeBase64Json(value: unknown): string {
  return bytesToBase64(utf8.encode(JSON.stringify(value)));
}

/**
 * Strictly decodes standard base64 of UTF-8 JSON: size first (before any allocation), then the
 * alphabet and padding, canonical form (no stray bits, which a decoder silently drops), UTF-8, JSON.
 */
export function decodeBase64Json(header: X402HeaderKind, value: string, maxBytes: number): unknown {
  const fail = (failure: Parameters<typeof x402CodeFor>[1], message: string, cause?: unknown): never => {
    throw new HeaderDecodeError(header, failure, x402CodeFor(header, failure), message, { cause });
  };
  if (value.length > maxBytes) fail('oversize', `value is ${value.length} bytes, limit ${maxBytes}`);
  const trimmed = value.trim();
  if (trimmed.length === 0 || !STANDARD_BASE64.test(trimmed)) fail('malformed_base64', 'not standard base64');
  const bytes = base64ToBytes(trimmed);
  if (bytesToBase64(bytes) !== trimmed) fail('malformed_base64', 'non-canonical base64');
  let text = '';
  try {
    text = strictUtf8.decode(bytes);
  } catch (err) {
    fail('bad_utf8', 'not UTF-8', err);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    return fail('bad_json', 'not JSON', err);
  }
}
