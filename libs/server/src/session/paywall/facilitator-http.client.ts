import {
  type PaymentPayload,
  type PaymentRequirements,
  type SettleResponse,
  SettleResponseSchema,
  type SupportedKind,
  type SupportedResponse,
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

  /** The facilitator's /supported answer, uncached; any failure is FacilitatorUnavailableError (phase `supported`). */
  async supported(): Promise<SupportedResponse> {
    const res = await this.send('supported', `${this.url}/supported`);
    const retryAfter = res.headers.get('Retry-After');
    const answered = { status: res.status, ...(retryAfter !== null ? { retryAfterSeconds: retryAfterOf(retryAfter) } : {}) };
    if (!res.ok) throw new FacilitatorUnavailableError('supported', `facilitator /supported: HTTP ${res.status}`, answered);
    const supported = SupportedResponseSchema.safeParse(await res.json().catch(() => undefined));
    if (!supported.success) throw new FacilitatorUnavailableError('supported', 'facilitator /supported: unexpected body', answered);
    return supported.data;
  }

  private async loadKind(): Promise<SupportedKind> {
    const supported = await this.supported();
    const kind = supported.kinds.find((k) => k.x402Version === 2 && k.scheme === 'session');
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
  // (FacilitatorRateLimitedError, on /settle too: the session paywall treats any failed /settle as
  // pending and asks again); other statuses are outages, with the answer's Retry-After if any.
  private async post<S extends z.ZodType>(phase: 'verify' | 'settle', body: unknown, schema: S): Promise<z.output<S>> {
    const res = await this.send(phase, `${this.url}/${phase}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status === 429) {
      await res.body?.cancel();
      throw new FacilitatorRateLimitedError(retryAfterOf(res.headers.get('Retry-After')), `facilitator /${phase}: 429 rate_limited`, phase);
    }
    const json: unknown = await res.json().catch(() => undefined);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const retryAfter = res.headers.get('Retry-After');
      throw new FacilitatorUnavailableError(phase, `facilitator /${phase}: HTTP ${res.status}, unexpected body`, {
        status: res.status,
        ...(retryAfter !== null ? { retryAfterSeconds: retryAfterOf(retryAfter) } : {}),
      });
    }
    return parsed.data as z.output<S>;
  }
}
