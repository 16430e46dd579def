import bs58 from 'bs58';
import { ed25519Sign, ed25519Verify, type Ed25519Verifier } from './ed25519.util';

/*
 * Signing and checking a session close request, without zod (the browser SDK signs closes; the
 * request's schema is in session-close.message.ts, for the gateway).
 */

/**
 * Domain tag of a close request. The session key also signs per-call payments
 * (`quietpay/session-payment/v1\n…`); a distinct tag means neither can ever be replayed as the other.
 */
export const SESSION_CLOSE_DOMAIN = 'quietpay/session-close/v1\n';

/** How far a close request's timestamp may be from the facilitator's clock, either way. */
export const SESSION_CLOSE_WINDOW_SECONDS = 300;

/** What the session key signs to close its own session (validated by `SessionCloseFieldsSchema`). */
export interface SessionCloseFields {
  readonly reason: string;
  readonly sessionId: string;
  readonly timestampUnix: number;
}

/**
 * The exact bytes the session key signs to close its session: UTF-8 of the domain tag followed by
 * the JSON of `reason, sessionId, timestampUnix` (alphabetical, no whitespace, as every quietpay
 * canonical message).
 *
 * @example
 * sessionCloseSigningBytes({ reason: 'user_closed', sessionId: 'sess_1', timestampUnix: 1767225600 });
 * // UTF-8 of 'quietpay/session-close/v1\n{"reason":"user_closed","sessionId":"sess_1","timestampUnix":1767225600}'
 */
export function sessionCloseSigningBytes(fields: SessionCloseFields): Uint8Array {
  const canonical = JSON.stringify({ reason: fields.reason, sessionId: fields.sessionId, timestampUnix: fields.timestampUnix });
  return new TextEncoder().encode(SESSION_CLOSE_DOMAIN + canonical);
}

/**
 * Signs a close request with the session's ed25519 secret key (32-byte seed or 64-byte key); base58.
 *
 * @example
 * const signature = signSessionClose({ reason: 'user_closed', sessionId, timestampUnix: Math.floor(Date.now() / 1000) }, sessionKey.secretKey);
 */
export function signSessionClose(fields: SessionCloseFields, sessionSecretKey: Uint8Array): string {
  return bs58.encode(ed25519Sign(sessionCloseSigningBytes(fields), sessionSecretKey));
}

/**
 * Checks a close request's signature against the session public key bound at open.
 *
 * @example
 * if (!verifySessionClose(fields, body.signature, session.sessionPubkey)) reject('bad_close_signature');
 */
export function verifySessionClose(
  fields: SessionCloseFields,
  signatureBase58: string,
  sessionPublicKey: Uint8Array | string,
  verify: Ed25519Verifier = ed25519Verify,
): boolean {
  return verify(sessionCloseSigningBytes(fields), signatureBase58, sessionPublicKey);
}
