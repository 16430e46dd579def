import type { FacilitatorClient } from '@x402/core/server';
import type { PaymentPayload, PaymentRequirements, SettleResponse, SupportedResponse, VerifyResponse } from '@x402/core/types';
import type { PaymentPayload as WirePayload, PaymentRequirements as WireRequirements } from '@quietpay/x402';
import { type PaywallFetch, SessionFacilitatorHttp } from '../paywall/facilitator-http.client';

/** Options of `QuietpayFacilitatorClient`. */
export interface QuietpayFacilitatorClientOptions {
  /** The quietpay gateway (facilitator) base URL. */
  readonly url: string;
  /** Per-request timeout (default 30 s, as `HTTPFacilitatorClient`); a timeout is `FacilitatorUnavailableError`. */
  readonly timeoutMs?: number;
  /** A `fetch` to use (default the global one), e.g. to add an API-key header. */
  readonly fetch?: PaywallFetch;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * A `FacilitatorClient` for `@x402/core`'s `x402ResourceServer` (with `SessionSchemeServer` or
 * `PrivateSchemeServer`) that turns the facilitator's refusals to answer into typed errors instead
 * of `HTTPFacilitatorClient`'s plain `Error("Facilitator verify failed (429): …")`, which loses the
 * Retry-After and reaches the buyer as a 500 (or, through `x402HTTPResourceServer`, as a 402
 * asking to pay again):
 *
 * - 429 (the facilitator's rate limit, e.g. `RATE_LIMIT_PAYMENTS_PER_SESSION`) → `FacilitatorRateLimitedError`
 *   with `retryAfterSeconds` from its Retry-After and `phase` `verify` or `settle`;
 * - unreachable, timed out, or a status without an x402 body (`503 overloaded`, 5xx) →
 *   `FacilitatorUnavailableError` with `status` and, when the answer gave one, `retryAfterSeconds`.
 *
 * Both are `retryable`: the same payment may be sent again (the facilitator is idempotent per
 * payment), so answer the buyer 429 or 503 with Retry-After rather than 500. An x402 answer with
 * any status (`isValid: false`, `success: false`) is returned as is.
 *
 * @example
 * const server = new x402ResourceServer(new QuietpayFacilitatorClient({ url: FACILITATOR_URL }))
 *   .register(NETWORK, new SessionSchemeServer());
 * try {
 *   verdict = await server.verifyPayment(payload, requirements);
 * } catch (error) {
 *   if (error instanceof FacilitatorRateLimitedError) return reply(429, { 'Retry-After': String(error.retryAfterSeconds) });
 *   if (error instanceof FacilitatorUnavailableError) return reply(503, { 'Retry-After': String(error.retryAfterSeconds ?? 5) });
 *   throw error;
 * }
 */
export class QuietpayFacilitatorClient implements FacilitatorClient {
  readonly url: string;
  private readonly http: SessionFacilitatorHttp;

  constructor(options: QuietpayFacilitatorClientOptions) {
    this.url = options.url.replace(/\/+$/, '');
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.http = new SessionFacilitatorHttp(this.url, (input, init) => fetchImpl(input, { ...init, signal: AbortSignal.timeout(timeoutMs) }));
  }

  // @x402/core's wire types and quietpay's describe the same x402 v2 JSON; the facilitator checks
  // the payload itself, and its answer is validated (loosely: unknown fields kept) on the way back.
  verify(paymentPayload: PaymentPayload, paymentRequirements: PaymentRequirements): Promise<VerifyResponse> {
    return this.http.verify(paymentPayload as unknown as WirePayload, paymentRequirements as unknown as WireRequirements) as Promise<VerifyResponse>;
  }

  settle(paymentPayload: PaymentPayload, paymentRequirements: PaymentRequirements): Promise<SettleResponse> {
    return this.http.settle(paymentPayload as unknown as WirePayload, paymentRequirements as unknown as WireRequirements) as Promise<SettleResponse>;
  }

  getSupported(): Promise<SupportedResponse> {
    return this.http.supported() as Promise<SupportedResponse>;
  }
}
