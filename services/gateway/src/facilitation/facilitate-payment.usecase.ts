import { Inject, Injectable } from '@nestjs/common';
import type { NetworkResolver, VerifyResponse } from '@quietpay/x402';
import { SchemeRegistry } from '../schemes/scheme-registry';
import type { VerifySettleBody } from './facilitator-body.schema';
import { NETWORK_RESOLVER } from './network-resolver.provider';
import { echoMismatch, normalizePaymentRequest } from './payment-request.normalizer';
import type { SettleAnswer } from '../schemes/facilitator-scheme.port';
import { countSettlement } from '../instrumentation/settle-outcome.metrics';
import type { PaymentCaller } from '../rate-limit/payment-caller';
import { type RateLimitHit, RateLimits } from '../rate-limit/rate-limits';

/**
 * /verify and /settle for a validated body: envelope consistency, scheme dispatch, and the answer's
 * network in the caller's version (CAIP-2 for v2, the v1 name for v1).
 */
@Injectable()
export class FacilitatePaymentUseCase {
  constructor(
    private readonly schemes: SchemeRegistry,
    @Inject(NETWORK_RESOLVER) private readonly networks: NetworkResolver,
    private readonly limits: RateLimits,
  ) {}

  async verify(body: VerifySettleBody, caller: PaymentCaller): Promise<VerifyResponse> {
    await this.limits.enforce(paymentHits(body, caller));
    const mismatch = echoMismatch(body);
    if (mismatch) return { isValid: false, invalidReason: mismatch.reason, invalidMessage: mismatch.message };
    const request = normalizePaymentRequest(body, this.networks);
    const scheme = this.schemes.find(request.requirements.scheme);
    if (!scheme) return { isValid: false, invalidReason: 'unsupported_scheme', invalidMessage: `scheme ${request.requirements.scheme} is not offered here` };
    return scheme.verify(request);
  }

  async settle(body: VerifySettleBody, caller: PaymentCaller): Promise<SettleAnswer> {
    await this.limits.enforce(paymentHits(body, caller));
    const request = normalizePaymentRequest(body, this.networks);
    const offered = (scheme: string) => this.schemes.find(scheme) !== undefined;
    const answer = await countSettlement(offered, request.requirements.scheme, () => this.settleRequest(body, request));
    // v1 clients expect the v1 network name back; v2 gets CAIP-2 (aliases never leave).
    if (body.x402Version === 1) return { ...answer, network: this.networks.toV1Name(answer.network) ?? body.paymentRequirements.network };
    return answer;
  }

  private async settleRequest(body: VerifySettleBody, request: ReturnType<typeof normalizePaymentRequest>): Promise<SettleAnswer> {
    const network = request.network ?? request.requirements.network;
    const mismatch = echoMismatch(body);
    if (mismatch) return { success: false, errorReason: mismatch.reason, errorMessage: mismatch.message, transaction: '', network };
    const scheme = this.schemes.find(request.requirements.scheme);
    if (!scheme) {
      return {
        success: false,
        errorReason: 'unsupported_scheme',
        errorMessage: `scheme ${request.requirements.scheme} is not offered here`,
        transaction: '',
        network,
      };
    }
    return scheme.settle(request);
  }
}

/**
 * /verify and /settle count per caller here. The per-session limit is session-ledger's: it counts
 * a call only once the session key's signature verified, so the session id in an unchecked body
 * never names a counter (an API-key holder cannot use up another session's allowance, nor spray
 * counters by inventing ids).
 */
function paymentHits(_body: VerifySettleBody, caller: PaymentCaller): RateLimitHit[] {
  return [{ bucket: 'payments_per_api_key', key: caller.rateKey }];
}
