/** x402 v2 header names (HTTP header names are case-insensitive; these are the canonical spellings). */
export const X402_V2_HEADERS = {
  paymentRequired: 'PAYMENT-REQUIRED',
  paymentSignature: 'PAYMENT-SIGNATURE',
  paymentResponse: 'PAYMENT-RESPONSE',
} as const;

/** x402 v1 header names; v1 sends the 402 details in the JSON body, not a header. */
export const X402_V1_HEADERS = {
  payment: 'X-PAYMENT',
  paymentResponse: 'X-PAYMENT-RESPONSE',
} as const;

/** A 402 carrying PAYMENT-REQUIRED must not be cached (the requirements are per request). */
export const PAYMENT_REQUIRED_CACHE_CONTROL = 'no-store';

/**
 * Default ceiling on an encoded header value. Node rejects requests whose headers total more than
 * 16 KiB, so one x402 header above 8 KiB is either a bug or an attack.
 */
export const DEFAULT_MAX_HEADER_BYTES = 8 * 1024;
