import type { ChargeRequest } from '../ledger/ledger.types';
import type { CheckedCall } from './payment-request.check';

/**
 * The ledger request for a checked call. A legacy payload carries no nonce, so the replay
 * lock is keyed by what identifies the call instead: the idempotency key when reserving (a
 * repeat is then the same charge, never a second one) or a throwaway id when only verifying.
 */
export function chargeRequestFor(call: CheckedCall, nowUnix: number, idempotencyKey: string): ChargeRequest {
  const nonce = call.signed ? call.signed.nonce : `legacy:${idempotencyKey}`;
  return {
    sessionId: call.sessionId,
    amount: call.amount,
    nonce,
    payTo: call.payTo,
    asset: call.asset,
    network: call.network,
    idempotencyKey,
    nowUnix,
  };
}
