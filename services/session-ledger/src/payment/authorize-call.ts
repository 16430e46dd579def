import { nativeEd25519, QuietpayError } from '@quietpay/platform';
import { verifySessionPayment } from '@quietpay/x402';
import type { SessionTerms } from '../ledger/ledger.types';
import type { ChargeLedger } from './charge-ledger.port';
import type { CheckedCall } from './payment-request.check';
import { reject, type PaymentRejection } from './payment-rejection';
import { ledgerError } from '../shared/ledger.errors';

export type AuthorizedCall = { readonly ok: true; readonly session: SessionTerms } | PaymentRejection;

/** Over the session's call rate limit: not a verdict on the payment, answered 429 by the gateway. */
export const RATE_LIMITED = 'rate_limited';

/**
 * Loads the session and checks the session key's signature over the call. A signature is
 * pure to check, so it runs before the Lua script; status, expiry, recipient, asset, network,
 * nonce and cap are then decided atomically by the script. A call that passed the signature is
 * counted against the session's rate limit: the limit is keyed by a verified session, so a
 * caller spraying session ids (or another session's id) counts against nothing.
 */
export async function authorizeCall(ledger: ChargeLedger, call: CheckedCall): Promise<AuthorizedCall> {
  const session = await ledger.sessionTerms(call.sessionId);
  if (!session) return reject('session_not_found', 'no such session');
  // A legacy session has no session key: only the seed's bearer payloads can pay it. A quietpay
  // session's id is seen by every resource server it pays, so a bearer payload must never spend it.
  if (session.legacy && call.signed) return reject('legacy_session', 'this session was opened in the seed shape and pays only with legacy payloads');
  if (!session.legacy && !call.signed) return reject('legacy_payload_refused', 'legacy payloads pay only sessions opened in the seed shape');
  if (call.signed && !verifySessionPayment(call.signed, session.sessionPubkey, nativeEd25519.verify)) {
    return reject('bad_session_signature', 'payload not signed by the session key');
  }
  const admission = await ledger.admitCall(call.sessionId);
  if (!admission.ok) throw rateLimited(call.sessionId, admission.retryAfterMs);
  return { ok: true, session };
}

function rateLimited(sessionId: string, retryAfterMs: number): QuietpayError {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return ledgerError(RATE_LIMITED, `too many calls for this session; retry in ${retryAfterSeconds} s`, {
    // Not `retryable` on the wire although the code's class is: to the gateway a retryable ledger
    // failure on /settle means "outcome unknown" (settlement_pending), which a refused call is not.
    // The gateway answers this code itself, 429 with Retry-After.
    retryable: false,
    context: { sessionId, retryAfterSeconds: String(retryAfterSeconds), limit: 'payments_per_session' },
  });
}
