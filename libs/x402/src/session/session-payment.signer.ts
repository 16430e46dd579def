import { ed25519Sign, ed25519Verify, type Ed25519Verifier } from './ed25519.util';
import type { SessionPayment, SessionPaymentFields } from './session-payment.schema';
import bs58 from 'bs58';

/** Domain tag: a session-key signature can never be replayed as any other quietpay or Solana message. */
export const SESSION_PAYMENT_DOMAIN = 'quietpay/session-payment/v1\n';

/**
 * The exact bytes the session key signs: UTF-8 of the domain tag followed by the JSON of the five
 * fields in the fixed order amount, nonce, payTo, resource, sessionId (sorted, so any language can
 * rebuild it) with no whitespace. JSON.stringify's string escaping is fixed by ECMA-262, so the bytes
 * are deterministic.
 *
 * @example
 * sessionPaymentSigningBytes({ sessionId: 's1', amount: '10', nonce, resource, payTo });
 * // UTF-8 of 'quietpay/session-payment/v1\n{"amount":"10","nonce":...,"sessionId":"s1"}'
 */
export function sessionPaymentSigningBytes(fields: SessionPaymentFields): Uint8Array {
  const canonical = JSON.stringify({
    amount: fields.amount,
    nonce: fields.nonce,
    payTo: fields.payTo,
    resource: fields.resource,
    sessionId: fields.sessionId,
  });
  return new TextEncoder().encode(SESSION_PAYMENT_DOMAIN + canonical);
}

/**
 * Signs the per-call fields with the session's ed25519 secret key (32-byte seed or 64-byte key).
 *
 * @example
 * const payload = signSessionPayment({ sessionId, amount: '1000', nonce, resource: url, payTo }, sessionKey.secretKey);
 */
export function signSessionPayment(fields: SessionPaymentFields, sessionSecretKey: Uint8Array): SessionPayment {
  const sig = bs58.encode(ed25519Sign(sessionPaymentSigningBytes(fields), sessionSecretKey));
  return {
    sessionId: fields.sessionId,
    amount: fields.amount,
    nonce: fields.nonce,
    resource: fields.resource,
    payTo: fields.payTo,
    sig,
  };
}

/**
 * Checks `sig` against the session public key bound at session open (base58 or raw 32 bytes).
 * A server passes its native verifier as `verify`.
 *
 * @example
 * if (!verifySessionPayment(payload, session.sessionPubkey)) reject('bad_session_signature');
 */
export function verifySessionPayment(payment: SessionPayment, sessionPublicKey: Uint8Array | string, verify: Ed25519Verifier = ed25519Verify): boolean {
  return verify(sessionPaymentSigningBytes(payment), payment.sig, sessionPublicKey);
}
