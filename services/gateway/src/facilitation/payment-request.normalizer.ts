import type { NetworkResolver } from '@quietpay/x402';
import type { VerifySettleBody } from './facilitator-body.schema';
import type { PaymentRequest } from './payment-request';

/**
 * Turns a validated v1 or v2 body into a PaymentRequest. v1 carries the amount as
 * `maxAmountRequired` and the resource in the requirements; v2 carries the resource in the payload.
 */
export function normalizePaymentRequest(body: VerifySettleBody, networks: NetworkResolver): PaymentRequest {
  if (body.x402Version === 2) {
    const r = body.paymentRequirements;
    return {
      x402Version: 2,
      requirements: r,
      network: networks.toCaip2(r.network),
      acceptedExtra: body.paymentPayload.accepted.extra,
      payload: body.paymentPayload.payload,
      resourceUrl: body.paymentPayload.resource?.url,
      extensions: body.paymentPayload.extensions ?? {},
    };
  }
  const r = body.paymentRequirements;
  return {
    x402Version: 1,
    requirements: {
      scheme: r.scheme,
      network: r.network,
      asset: r.asset,
      amount: r.maxAmountRequired,
      payTo: r.payTo,
      maxTimeoutSeconds: r.maxTimeoutSeconds,
      extra: r.extra,
    },
    network: networks.toCaip2(r.network),
    payload: body.paymentPayload.payload,
    resourceUrl: r.resource,
    extensions: {},
  };
}

/**
 * Where the payment contradicts the requirements it claims to answer (v2 `accepted` echo, v1
 * scheme/network): the x402 reason, or undefined when consistent.
 */
export function echoMismatch(body: VerifySettleBody): { reason: string; message: string } | undefined {
  if (body.x402Version === 1) {
    if (body.paymentPayload.scheme !== body.paymentRequirements.scheme)
      return { reason: 'invalid_scheme', message: 'payload scheme differs from the requirements' };
    if (body.paymentPayload.network !== body.paymentRequirements.network)
      return { reason: 'invalid_network', message: 'payload network differs from the requirements' };
    return undefined;
  }
  const a = body.paymentPayload.accepted;
  const r = body.paymentRequirements;
  if (a.scheme !== r.scheme) return { reason: 'invalid_scheme', message: 'accepted.scheme differs from the requirements' };
  if (a.network !== r.network) return { reason: 'invalid_network', message: 'accepted.network differs from the requirements' };
  if (a.asset !== r.asset) return { reason: 'asset_mismatch', message: 'accepted.asset differs from the requirements' };
  if (a.amount !== r.amount) return { reason: 'amount_mismatch', message: 'accepted.amount differs from the requirements' };
  if (a.payTo !== r.payTo) return { reason: 'recipient_mismatch', message: 'accepted.payTo differs from the requirements' };
  return undefined;
}
