import { HeaderDecodeError, type X402HeaderKind, x402CodeFor } from './header-codec.error';

// Standard alphabet with padding, as @x402/core emits; base64url ('-', '_') is rejected on purpose.
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Standard base64 of the UTF-8 JSON of a value. */
export function encodeBase64Json(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
}

/**
 * Strictly decodes standard base64 of UTF-8 JSON: size first (before any allocation), then the
 * alphabet and padding, canonical form (no stray bits, which Buffer would silently drop), UTF-8, JSON.
 */
export function decodeBase64Json(header: X402HeaderKind, value: string, maxBytes: number): unknown {
  const fail = (failure: Parameters<typeof x402CodeFor>[1], message: string, cause?: unknown): never => {
    throw new HeaderDecodeError(header, failure, x402CodeFor(header, failure), message, { cause });
  };
  if (value.length > maxBytes) fail('oversize', `value is ${value.length} bytes, limit ${maxBytes}`);
  const trimmed = value.trim();
  if (trimmed.length === 0 || !STANDARD_BASE64.test(trimmed)) fail('malformed_base64', 'not standard base64');
  const bytes = Buffer.from(trimmed, 'base64');
  if (bytes.toString('base64') !== trimmed) fail('malformed_base64', 'non-canonical base64');
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
