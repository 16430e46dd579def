import type { ChargeRequest } from '../ledger/ledger.types';
import { paymentFingerprint } from './payment-fingerprint';
import type { CheckedCall } from './payment-request.check';

/**
 * The ledger request for a checked call. A legacy payload may carry no nonce, so the replay
 * lock is then keyed by what identifies the call instead: the idempotency key (a repeat is then
 * the same charge, never a second one). The fingerprint binds that key to this exact payload.
 */
export function chargeRequestFor(call: CheckedCall, idempotencyKey: string): ChargeRequest {
  const nonce = call.signed ? call.signed.nonce : call.legacyNonce !== undefined ? `legacy-nonce:${call.legacyNonce}` : `legacy:${idempotencyKey}`;
  const fingerprint = paymentFingerprint({
    sessionId: call.sessionId,
    nonce: call.signed?.nonce ?? call.legacyNonce ?? '',
    resource: call.resource,
    amount: call.amount.toString(),
    payTo: call.payTo,
    asset: call.asset,
    network: call.network,
    signature: call.signed?.sig ?? '',
  });
  return {
    sessionId: call.sessionId,
    amount: call.amount,
    nonce,
    payTo: call.payTo,
    asset: call.asset,
    network: call.network,
    idempotencyKey,
    fingerprint,
  };
}
