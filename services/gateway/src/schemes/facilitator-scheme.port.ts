import type { SettleResponse, SupportedKind, VerifyResponse } from '@quietpay/x402';
import type { PaymentRequest } from '../facilitation/payment-request';

/**
 * One payment scheme the facilitator offers. /supported lists every scheme's kinds; /verify and
 * /settle dispatch on the requirements' `scheme`. A new scheme (e.g. `private`) is a class
 * implementing this, added to the FACILITATOR_SCHEMES factory in app.module.ts: no route changes.
 */
export interface FacilitatorScheme {
  readonly scheme: string;
  /** The v2 and v1 kinds this scheme serves, with their `extra`; empty when not configured. */
  supportedKinds(context: SupportedContext): SupportedKind[];
  /** Signer addresses to list under `signers` (CAIP-2 family wildcard → pubkeys). */
  signers(): Readonly<Record<string, readonly string[]>>;
  verify(request: PaymentRequest): Promise<VerifyResponse>;
  settle(request: PaymentRequest): Promise<SettleAnswer>;
}

/** Per-request facts a kind may need (the public base URL when PUBLIC_URL is not configured). */
export interface SupportedContext {
  readonly publicBaseUrl: string;
}

/**
 * A SettleResponse whose network may also be a v1 name (v1 callers get v1 names back); v2 answers
 * always carry CAIP-2.
 */
export type SettleAnswer = Omit<SettleResponse, 'network'> & { readonly network: string };

export const FACILITATOR_SCHEMES = Symbol('quietpay.gateway.facilitatorSchemes');
