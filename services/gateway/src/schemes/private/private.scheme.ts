import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@quietpay/platform';
import type { SupportedKind, VerifyResponse } from '@quietpay/x402';
import type { GatewayConfig } from '../../config.schema';
import type { PaymentRequest } from '../../facilitation/payment-request';
import type { FacilitatorScheme, SettleAnswer } from '../facilitator-scheme.port';
import { PAYMENT_CLAIMS, type PaymentClaims } from './payment-claim.port';
import { toPrivatePaymentQuery, type PrivatePaymentQuery } from './private-payment.mapper';
import { PRIVATE_PAYMENT_FINDER, type PrivatePaymentFinder } from './private-payment-finder.port';
import { PRIVATE_SCHEME, privateKind, privateSchemeSettings, type PrivateSchemeSettings } from './private-scheme.settings';
import { decidePrivatePayment, type PrivateVerdict } from './private-verify.decision';

type Checked =
  | { readonly ok: true; readonly query: PrivatePaymentQuery; readonly verdict: PrivateVerdict }
  | { readonly ok: false; readonly reason: string; readonly message: string };

/**
 * The `private` scheme over the x402 v2 wire (README.md beside this file): the agent already paid
 * through MagicBlock's private transfer queue with `clientRefId = paymentId`; /verify asks
 * chain-poller whether the crank settled it to `payTo`, and /settle additionally takes the
 * one-time claim on the payment, so the facilitator itself moves no funds and signs nothing.
 */
@Injectable()
export class PrivateScheme implements FacilitatorScheme {
  readonly scheme = PRIVATE_SCHEME;
  private readonly settings: PrivateSchemeSettings | undefined;

  constructor(
    @Inject(SERVICE_CONFIG) config: GatewayConfig,
    @Inject(PRIVATE_PAYMENT_FINDER) private readonly finder: PrivatePaymentFinder,
    @Inject(PAYMENT_CLAIMS) private readonly claims: PaymentClaims,
  ) {
    this.settings = privateSchemeSettings(config);
  }

  supportedKinds(): SupportedKind[] {
    return this.settings === undefined ? [] : [privateKind(this.settings)];
  }

  // The crank's vault signs the settlement; this facilitator signs nothing for the private scheme.
  signers(): Readonly<Record<string, readonly string[]>> {
    return {};
  }

  async verify(request: PaymentRequest): Promise<VerifyResponse> {
    let checked: Checked;
    try {
      checked = await this.check(request);
    } catch (error) {
      return { isValid: false, invalidReason: 'unexpected_verify_error', invalidMessage: lookupFailure(error) };
    }
    if (!checked.ok) return { isValid: false, invalidReason: checked.reason, invalidMessage: checked.message };
    const { verdict } = checked;
    if (!verdict.valid) return { isValid: false, invalidReason: verdict.reason, invalidMessage: verdict.message };
    return { isValid: true, extra: { paymentId: verdict.payment.paymentId, transaction: verdict.payment.signature, amount: verdict.payment.amount } };
  }

  async settle(request: PaymentRequest): Promise<SettleAnswer> {
    const network = this.settings?.network ?? request.requirements.network;
    const failure = (reason: string, message: string): SettleAnswer => ({
      success: false,
      errorReason: reason,
      errorMessage: message,
      transaction: '',
      network,
    });
    let checked: Checked;
    try {
      checked = await this.check(request);
    } catch (error) {
      return failure('unexpected_settle_error', lookupFailure(error));
    }
    if (!checked.ok) return failure(checked.reason, checked.message);
    const { query, verdict } = checked;
    if (!verdict.valid) return failure(verdict.reason, verdict.message);
    let won: boolean;
    try {
      won = await this.claims.claim(query.paymentId, query.recipient, verdict.payment.signature);
    } catch (error) {
      return failure('unexpected_settle_error', lookupFailure(error));
    }
    // The verdict saw no claim, but a concurrent settle (any replica) took it first.
    if (!won) return failure('replay', `payment ${query.paymentId} was already settled`);
    // payer is omitted on purpose: the agent's wallet is exactly what the scheme hides.
    return { success: true, transaction: verdict.payment.signature, network, amount: verdict.payment.amount, extra: { paymentId: query.paymentId } };
  }

  private async check(request: PaymentRequest): Promise<Checked> {
    if (this.settings === undefined) return { ok: false, reason: 'unsupported_scheme', message: 'the private scheme is not enabled on this facilitator' };
    const mapped = toPrivatePaymentQuery(request, this.settings);
    if (!mapped.ok) return mapped;
    const { query } = mapped;
    const [observed, claimed] = await Promise.all([
      this.finder.find(query.paymentId, query.recipient),
      this.claims.isClaimed(query.paymentId, query.recipient),
    ]);
    return { ok: true, query, verdict: decidePrivatePayment(query, observed, claimed) };
  }
}

// Only the code reaches the caller: error messages may carry internal detail (hosts, subjects).
function lookupFailure(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : 'unknown';
  return `payment lookup failed (${code}); retry`;
}
