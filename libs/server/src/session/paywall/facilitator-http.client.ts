import {
  type PaymentPayload,
  type PaymentRequirements,
  type SettleResponse,
  SettleResponseSchema,
  type SupportedKind,
  SupportedResponseSchema,
  type VerifyResponse,
  VerifyResponseSchema,
} from '@quietpay/x402';
import type { z } from 'zod';
import { FacilitatorRateLimitedError, retryAfterOf } from './facilitator-rate-limited.error';
import { type FacilitatorPhase, FacilitatorUnavailableError } from './facilitator-unavailable.error';

/** A `fetch` with the standard signature. */
export type PaywallFetch = (input: string, init?: RequestInit) => Promise<Response>;

/** The facilitator calls a session paywall makes: /supported once, /verify and /settle per call. */
export class SessionFacilitatorHttp {
  private kind?: Promise<SupportedKind>;

  constructor(
    private readonly url: string,
    private readonly fetchImpl: PaywallFetch,
  ) {}

  /** The v2 session kind; cached, and forgotten after a failure so the next request retries. */
  sessionKind(): Promise<SupportedKind> {
    this.kind ??= this.loadKind().catch((err: unknown) => {
      this.kind = undefined;
      throw err;
    });
    return this.kind;
  }

  verify(paymentPayload: PaymentPayload, paymentRequirements: PaymentRequirements): Promise<VerifyResponse> {
    return this.post('verify', { x402Version: 2, paymentPayload, paymentRequirements }, VerifyResponseSchema);
  }

  settle(paymentPayload: PaymentPayload, paymentRequirements: PaymentRequirements): Promise<SettleResponse> {
    return this.post('settle', { x402Version: 2, paymentPayload, paymentRequirements }, SettleResponseSchema);
  }

  private async loadKind(): Promise<SupportedKind> {
    const res = await this.send('supported', `${this.url}/supported`);
    if (!res.ok) throw new FacilitatorUnavailableError('supported', `facilitator /supported: HTTP ${res.status}`, { status: res.status });
    const supported = SupportedResponseSchema.safeParse(await res.json().catch(() => undefined));
    if (!supported.success) throw new FacilitatorUnavailableError('supported', 'facilitator /supported: unexpected body', { status: res.status });
    const kind = supported.data.kinds.find((k) => k.x402Version === 2 && k.scheme === 'session');
    // No session kind yet (a gateway still loading its chain facts) is an outage of the scheme.
    if (!kind) throw new FacilitatorUnavailableError('supported', `facilitator ${this.url} offers no x402 v2 session kind`);
    return kind;
  }

  private async send(phase: FacilitatorPhase, url: string, init?: RequestInit): Promise<Response> {
    try {
      return await this.fetchImpl(url, init);
    } catch (error) {
      throw new FacilitatorUnavailableError(phase, `facilitator /${phase} unreachable`, { cause: error });
    }
  }

  // The facilitator answers 200 with the x402 body even when invalid; a 429 is its rate limit
  // (FacilitatorRateLimitedError); other statuses are outages.
  private async post<S extends z.ZodType>(phase: 'verify' | 'settle', body: unknown, schema: S): Promise<z.output<S>> {
    const res = await this.send(phase, `${this.url}/${phase}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status === 429 && phase === 'verify') {
      await res.body?.cancel();
      throw new FacilitatorRateLimitedError(retryAfterOf(res.headers.get('Retry-After')), 'facilitator /verify: 429 rate_limited');
    }
    const json: unknown = await res.json().catch(() => undefined);
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new FacilitatorUnavailableError(phase, `facilitator /${phase}: HTTP ${res.status}, unexpected body`, { status: res.status });
    return parsed.data as z.output<S>;
  }
}
