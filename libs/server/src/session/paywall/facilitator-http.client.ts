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
    return this.post('/verify', { x402Version: 2, paymentPayload, paymentRequirements }, VerifyResponseSchema);
  }

  settle(paymentPayload: PaymentPayload, paymentRequirements: PaymentRequirements): Promise<SettleResponse> {
    return this.post('/settle', { x402Version: 2, paymentPayload, paymentRequirements }, SettleResponseSchema);
  }

  private async loadKind(): Promise<SupportedKind> {
    const res = await this.fetchImpl(`${this.url}/supported`);
    if (!res.ok) throw new Error(`facilitator /supported: HTTP ${res.status}`);
    const supported = SupportedResponseSchema.parse(await res.json());
    const kind = supported.kinds.find((k) => k.x402Version === 2 && k.scheme === 'session');
    if (!kind) throw new Error(`facilitator ${this.url} offers no x402 v2 session kind`);
    return kind;
  }

  // The facilitator answers 200 with the x402 body even when invalid; other statuses are outages.
  private async post<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.output<S>> {
    const res = await this.fetchImpl(`${this.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json: unknown = await res.json().catch(() => undefined);
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new Error(`facilitator ${path}: HTTP ${res.status}, unexpected body`);
    return parsed.data as z.output<S>;
  }
}
