import type { LegacySessionPaymentPayload, PaymentRequirements, SessionPaymentPayload } from '@quietpay/contracts';
import { LegacySessionPaymentSchema, SessionPaymentSchema, type SessionPayment } from '@quietpay/x402';
import type { PaymentPolicy } from './payment.policy';
import { reject, type PaymentRejection } from './payment-rejection';

/** A verify or reserve request as it arrives, before anything is trusted. */
export interface PaymentRequestInput {
  readonly payload?: SessionPaymentPayload | undefined;
  readonly legacyPayload?: LegacySessionPaymentPayload | undefined;
  readonly requirements: PaymentRequirements;
  readonly resource: string;
}

/** A call whose payload is well formed and agrees with the requirements. */
export interface CheckedCall {
  readonly sessionId: string;
  readonly amount: bigint;
  readonly payTo: string;
  readonly asset: string;
  readonly network: string;
  /** The resource paid for: the signed one, or the resource server's claim for a legacy payload. */
  readonly resource: string;
  /** The signed payload; absent for a legacy (unsigned) one. */
  readonly signed?: SessionPayment;
  /** A legacy payload's optional nonce (the seed's), its replay identity when present. */
  readonly legacyNonce?: string;
}

export type CallCheck = { readonly ok: true; readonly call: CheckedCall } | PaymentRejection;

/**
 * The checks that need no session: payload shape, scheme, network, and that what the session
 * key signed (amount, payTo, resource) is what the resource server asks for. Pure, so both
 * verify and reserve run exactly the same rules. The signature itself needs the session's key
 * and is checked by the caller.
 */
export function checkPaymentRequest(input: PaymentRequestInput, policy: PaymentPolicy): CallCheck {
  const { payload, legacyPayload, requirements } = input;
  if ((payload === undefined) === (legacyPayload === undefined)) {
    return reject('invalid_payload', 'exactly one of payload and legacyPayload is required');
  }
  if (legacyPayload && !policy.legacyUnsignedPayloads) {
    return reject('legacy_payload_disabled', 'unsigned session payloads are disabled on this facilitator');
  }
  if (requirements.scheme !== 'session') return reject('invalid_scheme', `scheme ${requirements.scheme} is not session`);
  const network = policy.normaliseNetwork(requirements.network);
  if (network !== policy.servedNetwork) return reject('invalid_network', `network ${requirements.network} is not served here`);
  const base = { payTo: requirements.payTo, asset: requirements.asset, network, resource: input.resource };

  if (legacyPayload) {
    // proto3 reads an absent nonce as "": the seed sent none.
    const nonce = legacyPayload.nonce === '' ? undefined : legacyPayload.nonce;
    const legacy = LegacySessionPaymentSchema.safeParse({ sessionId: legacyPayload.sessionId, amount: legacyPayload.amount, nonce });
    if (!legacy.success) return reject('invalid_payload', 'malformed legacy payload');
    if (legacy.data.amount !== requirements.amount) return reject('amount_mismatch', 'amount differs from the requirements');
    const call: CheckedCall = { ...base, sessionId: legacy.data.sessionId, amount: BigInt(legacy.data.amount) };
    return { ok: true, call: legacy.data.nonce === undefined ? call : { ...call, legacyNonce: legacy.data.nonce } };
  }

  const { sessionId, amount, nonce, resource, payTo, sig } = payload ?? {};
  const signed = SessionPaymentSchema.safeParse({ sessionId, amount, nonce, resource, payTo, sig });
  if (!signed.success) return reject('invalid_payload', 'malformed session payload');
  const p = signed.data;
  if (p.amount !== requirements.amount) return reject('amount_mismatch', 'amount differs from the requirements');
  if (p.payTo !== requirements.payTo) return reject('recipient_mismatch', 'payTo differs from the requirements');
  if (input.resource === '' || p.resource !== input.resource) return reject('resource_mismatch', 'resource differs from the one being paid for');
  return { ok: true, call: { ...base, resource: p.resource, sessionId: p.sessionId, amount: BigInt(p.amount), signed: p } };
}
