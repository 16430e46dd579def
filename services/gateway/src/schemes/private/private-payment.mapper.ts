import { Base58SignatureSchema, isBase58Address, isPaymentId, isPositiveU64Decimal } from '@quietpay/x402';
import type { PaymentRequest } from '../../facilitation/payment-request';
import type { PrivateSchemeSettings } from './private-scheme.settings';

/** A private payment the facilitator is asked about: "did `amount` of `asset` reach `recipient` under `paymentId`?" */
export interface PrivatePaymentQuery {
  readonly paymentId: string;
  /** Requirements' payTo: the recipient wallet (not its ATA). */
  readonly recipient: string;
  readonly amount: bigint;
  readonly asset: string;
}

export type PrivatePaymentMapping =
  { readonly ok: true; readonly query: PrivatePaymentQuery } | { readonly ok: false; readonly reason: string; readonly message: string };

/**
 * The stateless half of /verify: wire version, network, asset, amount, recipient and the payload's
 * `paymentId`. The id comes from the payload, not from `requirements.extra.paymentId`: a stock
 * `x402ResourceServer` rebuilds its requirements (with a fresh id) for every request and matches the
 * paid one by ignoring `paymentId`, so the requirements it forwards name a different, unpaid id.
 */
export function toPrivatePaymentQuery(request: PaymentRequest, settings: PrivateSchemeSettings): PrivatePaymentMapping {
  const fail = (reason: string, message: string): PrivatePaymentMapping => ({ ok: false, reason, message });
  const r = request.requirements;
  if (request.x402Version !== 2) return fail('invalid_x402_version', 'the private scheme is offered over x402 v2 only');
  if (request.network !== settings.network) return fail('invalid_network', `the private scheme settles on ${settings.network}`);
  if (r.asset !== settings.mint) return fail('asset_mismatch', 'requirements.asset is not the mint this facilitator watches');
  if (!isPositiveU64Decimal(r.amount)) return fail('invalid_payment_requirements', 'requirements.amount must be positive base units');
  if (!isBase58Address(r.payTo)) return fail('invalid_payment_requirements', 'requirements.payTo must be a wallet address');

  const { paymentId, signature } = request.payload;
  if (!isPaymentId(paymentId)) return fail('invalid_payload', 'payload.paymentId must be a decimal u63 other than 0');
  // The agent echoes the requirements it paid for; an id that is not the one it was quoted is a
  // payload assembled from elsewhere (e.g. an id read off the chain), not an answer to a 402.
  if (request.acceptedExtra?.['paymentId'] !== paymentId) return fail('invalid_payload', 'payload.paymentId must equal accepted.extra.paymentId');
  if (signature !== undefined && !Base58SignatureSchema.safeParse(signature).success) {
    return fail('invalid_payload', 'payload.signature must be a base58 transaction signature when present');
  }
  return { ok: true, query: { paymentId, recipient: r.payTo, amount: BigInt(r.amount), asset: r.asset } };
}
