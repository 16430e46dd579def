import type { Caip2Network } from '@quietpay/x402';

/** The requirements a resource server asked for, version-independent. */
export interface NormalizedRequirements {
  readonly scheme: string;
  /** As sent for v1 (a v1 name), alias-normalised CAIP-2 for v2. */
  readonly network: string;
  readonly asset: string;
  readonly amount: string;
  readonly payTo: string;
  readonly maxTimeoutSeconds: number;
  readonly extra: Readonly<Record<string, unknown>>;
}

/**
 * A /verify or /settle body after validation, with v1 and v2 differences resolved, so schemes
 * never branch on the wire version except to shape their answer.
 */
export interface PaymentRequest {
  readonly x402Version: 1 | 2;
  readonly requirements: NormalizedRequirements;
  /** The CAIP-2 id the requirements' network resolves to, or undefined when it names none we know. */
  readonly network: Caip2Network | undefined;
  /**
   * v2 only: the `extra` of the requirements the agent echoes in `paymentPayload.accepted` (may carry
   * per-402 values such as the private scheme's `paymentId`, which the forwarded requirements do not).
   */
  readonly acceptedExtra?: Readonly<Record<string, unknown>>;
  /** The scheme-specific `payload` object of the payment. */
  readonly payload: Readonly<Record<string, unknown>>;
  /** The resource URL being paid for, when the body carries it. */
  readonly resourceUrl: string | undefined;
  readonly extensions: Readonly<Record<string, unknown>>;
}
