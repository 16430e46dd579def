import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidOptionError, isPaymentId, isPositiveU64Decimal } from '@quietpay/x402';
import { fromBase64Url, fromMacText, toBase64Url } from './base64url.util';
import { PaymentTokenClaims, PaymentTokenSecrets, PaymentTokenVerification } from './payment-token.types';

const VERSION_PREFIX = 'v1.';
const MAC_BYTES = 32;
const MIN_SECRET_BYTES = 32;
/** Far above any honest token (≈300 bytes); bounds the work an attacker can make us do. */
const MAX_TOKEN_LENGTH = 2048;
const INVALID: PaymentTokenVerification = { ok: false };
/**
 * Below this an `expiry` is in seconds: as milliseconds it would be March 1973, as seconds it is
 * the year 5138, so no honest token of either unit falls on the wrong side.
 */
export const LEGACY_SECONDS_EXPIRY_LIMIT = 100_000_000_000;

function secretBytes(secret: string | Uint8Array, where = 'px402', field = 'secrets.current'): Buffer {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  // The value is a secret: the error names the field and never echoes it.
  if (bytes.length < MIN_SECRET_BYTES) throw new InvalidOptionError(where, field, `must hold at least ${MIN_SECRET_BYTES} bytes`);
  return bytes;
}

function mac(secret: Buffer, encodedPayload: string): Buffer {
  return createHmac('sha256', secret)
    .update(VERSION_PREFIX + encodedPayload)
    .digest();
}

/**
 * Throws an InvalidOptionError naming `<field>.current` or `<field>.previous` when a secret is too
 * short, so misconfiguration fails at boot rather than on the first paid request.
 */
export function assertTokenSecrets(secrets: PaymentTokenSecrets, where = 'px402', field = 'secrets'): void {
  secretBytes(secrets.current, where, `${field}.current`);
  if (secrets.previous !== undefined) secretBytes(secrets.previous, where, `${field}.previous`);
}

/**
 * Signs px402 claims into `v1.<b64url(JSON claims)>.<b64url(HMAC-SHA256(current, "v1." + payload))>`.
 *
 * @example
 * const token = signPaymentToken(
 *   { paymentId: '4242', amount: '10000', expiry: Date.now() + 300_000, path: '/weather', destination: wallet },
 *   { current: process.env.PX402_SECRET! },
 * );
 */
export function signPaymentToken(claims: PaymentTokenClaims, secrets: PaymentTokenSecrets): string {
  // Fixed key order so a token's bytes depend only on its claims.
  const json = JSON.stringify({
    paymentId: claims.paymentId,
    amount: claims.amount,
    expiry: claims.expiry,
    path: claims.path,
    destination: claims.destination,
  });
  const payload = toBase64Url(Buffer.from(json, 'utf8'));
  return `${VERSION_PREFIX}${payload}.${toBase64Url(mac(secretBytes(secrets.current), payload))}`;
}

function parseClaims(json: string): PaymentTokenClaims | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  // Claims we do not know are ignored, as px402 does: the MAC already proves a secret holder wrote them.
  const { paymentId, amount, expiry, path, destination } = value as Record<string, unknown>;
  if (typeof paymentId !== 'string' || !isPaymentId(paymentId)) return undefined;
  if (typeof amount !== 'string' || !isPositiveU64Decimal(amount)) return undefined;
  if (typeof expiry !== 'number' || !Number.isSafeInteger(expiry) || expiry <= 0) return undefined;
  if (typeof path !== 'string' || !path.startsWith('/')) return undefined;
  if (typeof destination !== 'string' || destination.length === 0) return undefined;
  return { paymentId, amount, expiry, path, destination };
}

/**
 * Verifies a token's format and MAC against the current and the previous secret, in constant
 * time per secret. Never throws on attacker input: anything malformed is `{ ok: false }`. The MAC
 * may be unpadded base64url (what both quietpay and px402 mint) or padded standard base64 (which
 * px402 also accepts). Expiry is left to the caller, which answers an expired token differently
 * from a forged one; a seconds expiry is converted to milliseconds and flagged.
 *
 * @example
 * const result = verifyPaymentToken(header, secrets);
 * if (result.ok && Date.now() < result.claims.expiry) serve();
 */
export function verifyPaymentToken(token: string, secrets: PaymentTokenSecrets): PaymentTokenVerification {
  if (token.length > MAX_TOKEN_LENGTH || !token.startsWith(VERSION_PREFIX)) return INVALID;
  const parts = token.slice(VERSION_PREFIX.length).split('.');
  if (parts.length !== 2) return INVALID;
  const [payload, signature] = parts as [string, string];
  const given = fromMacText(signature);
  const payloadBytes = fromBase64Url(payload);
  if (given === undefined || given.length !== MAC_BYTES || payloadBytes === undefined) return INVALID;

  const candidates = secrets.previous === undefined ? [secrets.current] : [secrets.current, secrets.previous];
  // Check every candidate, not just until the first match, so timing does not reveal which key signed.
  let authentic = false;
  for (const secret of candidates) {
    if (timingSafeEqual(mac(secretBytes(secret), payload), given)) authentic = true;
  }
  if (!authentic) return INVALID;

  const claims = parseClaims(payloadBytes.toString('utf8'));
  if (claims === undefined) return INVALID;
  if (claims.expiry >= LEGACY_SECONDS_EXPIRY_LIMIT) return { ok: true, claims };
  return { ok: true, claims: { ...claims, expiry: claims.expiry * 1000 }, legacySecondsExpiry: true };
}
