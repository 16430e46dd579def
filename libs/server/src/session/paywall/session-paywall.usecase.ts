import {
  decodePaymentSignatureHeader,
  encodePaymentRequiredHeader,
  encodePaymentResponseHeader,
  PAYMENT_REQUIRED_CACHE_CONTROL,
  type PaymentPayload,
  type PaymentRequired,
  type PaymentRequirements,
  type SettleResponse,
  isX402ErrorCode,
  X402_ERROR_INFO,
  X402_V2_HEADERS,
} from '@quietpay/x402';
import { assertPrice, priceToBaseUnits } from '../../pricing/price.util';
import { requireAddress, requireHttpUrl, requireOptionalPositiveInteger } from '../../options/option-checks';
import { FacilitatorRateLimitedError, rateLimitedReply } from './facilitator-rate-limited.error';
import { FacilitatorUnavailableError, outageReply } from './facilitator-unavailable.error';
import type { PaywallReply } from './paywall-reply.types';
import { type PaywallFetch, SessionFacilitatorHttp } from './facilitator-http.client';
import { sessionKindTerms } from './session-kind.terms';
import { DEFAULT_SETTLE_RETRY, isSettlePending, pendingWhenUnreachable, settleUntilFinal, type SettleRetryPolicy } from './settle-retry';

/** Options of `sessionPaywall`. */
export interface SessionPaywallOptions {
  readonly facilitatorUrl: string;
  /** bigint = base units; number or decimal string ("0.5", "$0.50") = whole tokens. */
  readonly price: bigint | number | string;
  /** The merchant wallet that receives the transfers. */
  readonly payTo: string;
  readonly description?: string;
  readonly mimeType?: string;
  /** Default 60. */
  readonly maxTimeoutSeconds?: number;
  readonly fetch?: PaywallFetch;
  /**
   * How long to keep settling while the facilitator answers `settlement_pending` (an outage, a slow
   * confirmation). When it runs out the request answers 402 `settlement_pending` with Retry-After;
   * the client retries with the same PAYMENT-SIGNATURE and is served once the payment settles.
   * Default DEFAULT_SETTLE_RETRY (up to 20 s).
   */
  readonly settleRetry?: SettleRetryPolicy;
}

export type { PaywallReply } from './paywall-reply.types';

/** The result of settling a verified payment. */
export type SettleOutcome =
  | { readonly ok: true; readonly headers: Readonly<Record<string, string>>; readonly receipt: SettleResponse }
  | { readonly ok: false; readonly reply: PaywallReply };

/** What to do with one request. */
export type PaywallDecision =
  | { readonly kind: 'reply'; readonly reply: PaywallReply }
  | {
      readonly kind: 'verified';
      readonly payer: string | undefined;
      /**
       * Settle the verified payment: `headers` (PAYMENT-RESPONSE) on success; on failure a reply to
       * send instead of the resource (402, or 503 + Retry-After on a facilitator outage).
       */
      settle(): Promise<SettleOutcome>;
    };

/** A framework-free session paywall: adapters feed it the URL and the PAYMENT-SIGNATURE header. */
export interface SessionPaywall {
  decide(resourceUrl: string, paymentSignature: string | null | undefined): Promise<PaywallDecision>;
}

/**
 * A replayed nonce or a payment id bound to another payload is a conflict, not a missing payment:
 * 409 (X402_ERROR_INFO), so a client does not read it as "pay again". Everything else re-offers 402.
 */
const conflictStatus = (error: string | undefined): number =>
  error !== undefined && isX402ErrorCode(error) && X402_ERROR_INFO[error].httpStatus === 409 ? 409 : 402;

const sameRequirements = (a: PaymentRequirements, b: PaymentRequirements): boolean =>
  a.scheme === b.scheme && a.network === b.network && a.asset === b.asset && a.amount === b.amount && a.payTo === b.payTo;

/**
 * The session scheme for routes that answer 402 themselves. Unpaid → 402 with PAYMENT-REQUIRED
 * (requirements built from the facilitator's `/supported`, extra copied); paid → the facilitator's
 * `/verify`; after serving → `/settle` and PAYMENT-RESPONSE. Use it through `sessionPaywallExpress`
 * or `withSessionPaywall`, or directly from any framework.
 *
 * @example
 * const paywall = sessionPaywall({ facilitatorUrl: 'http://127.0.0.1:4021', price: '0.5', payTo: MERCHANT });
 * const decision = await paywall.decide(req.url, req.headers.get('PAYMENT-SIGNATURE'));
 * if (decision.kind === 'reply') return send(decision.reply);
 */
export function sessionPaywall(options: SessionPaywallOptions): SessionPaywall {
  checkOptions('sessionPaywall', options);
  const facilitatorUrl = options.facilitatorUrl.replace(/\/+$/, '');
  const facilitator = new SessionFacilitatorHttp(facilitatorUrl, options.fetch ?? ((i, init) => globalThis.fetch(i, init)));

  const requirementsFor = async (): Promise<PaymentRequirements> => {
    const kind = await facilitator.sessionKind();
    // quietpay's kind or a seed-shaped one (kind-level asset, relative sessionsEndpoint).
    const { asset: mint, decimals, extra } = sessionKindTerms(kind, facilitatorUrl);
    return {
      scheme: 'session',
      network: kind.network as PaymentRequirements['network'],
      asset: mint,
      amount: priceToBaseUnits(options.price, decimals).toString(),
      payTo: options.payTo,
      maxTimeoutSeconds: options.maxTimeoutSeconds ?? 60,
      extra,
    };
  };

  const paymentRequired = (resourceUrl: string, requirements: PaymentRequirements, error?: string, receipt?: SettleResponse): PaywallReply => {
    const body: PaymentRequired = {
      x402Version: 2,
      ...(error !== undefined ? { error } : {}),
      resource: {
        url: resourceUrl,
        ...(options.description !== undefined ? { description: options.description } : {}),
        ...(options.mimeType !== undefined ? { mimeType: options.mimeType } : {}),
      },
      accepts: [requirements],
    };
    return {
      status: conflictStatus(error),
      headers: {
        [X402_V2_HEADERS.paymentRequired]: encodePaymentRequiredHeader(body),
        'Cache-Control': PAYMENT_REQUIRED_CACHE_CONTROL,
        ...(receipt ? { [X402_V2_HEADERS.paymentResponse]: encodePaymentResponseHeader(receipt) } : {}),
      },
      body: { error: error ?? 'payment_required', accepts: body.accepts },
    };
  };

  return {
    decide: (resourceUrl, paymentSignature) => answerOutage(decide(resourceUrl, paymentSignature), (reply) => ({ kind: 'reply', reply })),
  };

  async function decide(resourceUrl: string, paymentSignature: string | null | undefined): Promise<PaywallDecision> {
    const requirements = await requirementsFor();
    if (paymentSignature === null || paymentSignature === undefined || paymentSignature === '') {
      return { kind: 'reply', reply: paymentRequired(resourceUrl, requirements) };
    }
    let payload: PaymentPayload;
    try {
      payload = decodePaymentSignatureHeader(paymentSignature);
    } catch {
      return { kind: 'reply', reply: paymentRequired(resourceUrl, requirements, 'invalid_payload') };
    }
    if (!sameRequirements(payload.accepted, requirements)) {
      return { kind: 'reply', reply: paymentRequired(resourceUrl, requirements, 'invalid_payment_requirements') };
    }
    const verdict = await facilitator.verify(payload, requirements);
    if (!verdict.isValid) return { kind: 'reply', reply: paymentRequired(resourceUrl, requirements, verdict.invalidReason ?? 'invalid_payload') };
    const settle = async (): Promise<SettleOutcome> => {
      // The facilitator gone during /settle is settlement_pending, not 503: it may have reserved the
      // charge before it died, so the client must retry the same payment (pendingWhenUnreachable).
      const outcome = await settleUntilFinal(
        pendingWhenUnreachable(() => facilitator.settle(payload, requirements), requirements.network),
        options.settleRetry ?? DEFAULT_SETTLE_RETRY,
      );
      if (isSettlePending(outcome)) {
        const reply = paymentRequired(resourceUrl, requirements, 'settlement_pending', outcome.receipt);
        return { ok: false, reply: { ...reply, headers: { ...reply.headers, 'Retry-After': String(outcome.retryAfterSeconds) } } };
      }
      const receipt = outcome;
      if (!receipt.success) return { ok: false, reply: paymentRequired(resourceUrl, requirements, receipt.errorReason ?? 'unexpected_settle_error', receipt) };
      return { ok: true, receipt, headers: { [X402_V2_HEADERS.paymentResponse]: encodePaymentResponseHeader(receipt) } };
    };
    return { kind: 'verified', payer: verdict.payer, settle: () => answerOutage(settle(), (reply) => ({ ok: false, reply })) };
  }
}

/**
 * A facilitator outage becomes a 503 answer, its rate limit a 429 (on /verify only: a /settle that
 * fails in any way is settlement_pending, see pendingWhenUnreachable); anything else is a bug and propagates.
 */
async function answerOutage<T>(work: Promise<T>, toAnswer: (reply: PaywallReply) => T): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof FacilitatorUnavailableError) return toAnswer(outageReply(error));
    if (error instanceof FacilitatorRateLimitedError) return toAnswer(rateLimitedReply(error));
    throw error;
  }
}

/** Startup validation: every field named in the error, before the first request. */
export function checkOptions(where: string, options: SessionPaywallOptions): void {
  requireHttpUrl(where, 'facilitatorUrl', options.facilitatorUrl);
  assertPrice(where, 'price', options.price);
  requireAddress(where, 'payTo', options.payTo);
  requireOptionalPositiveInteger(where, 'maxTimeoutSeconds', options.maxTimeoutSeconds);
}
