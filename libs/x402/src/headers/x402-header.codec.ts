import type { z } from 'zod';
import { PaymentPayloadSchema, type PaymentPayload } from '../wire/payment-payload.schema';
import { PaymentRequiredSchema, type PaymentRequired } from '../wire/payment-required.schema';
import { SettleResponseSchema, type SettleResponse } from '../wire/facilitator-responses.schema';
import { PaymentPayloadV1Schema, type PaymentPayloadV1, SettleResponseV1Schema, type SettleResponseV1 } from '../wire/v1.schema';
import { decodeBase64Json, encodeBase64Json } from './base64-json.codec';
import { HeaderDecodeError, type X402HeaderKind, x402CodeFor } from './header-codec.error';
import { DEFAULT_MAX_HEADER_BYTES } from './header-names.constants';

/** Options for header decoding. */
export interface HeaderDecodeOptions {
  /** Longest accepted encoded value; default `DEFAULT_MAX_HEADER_BYTES`. */
  readonly maxBytes?: number;
}

function decodeWith<S extends z.ZodType>(
  header: X402HeaderKind,
  schema: S,
  expectedVersion: number | undefined,
  value: string,
  options: HeaderDecodeOptions,
): z.output<S> {
  const json = decodeBase64Json(header, value, options.maxBytes ?? DEFAULT_MAX_HEADER_BYTES);
  if (expectedVersion !== undefined && typeof json === 'object' && json !== null && 'x402Version' in json) {
    const version = (json as { x402Version: unknown }).x402Version;
    if (version !== expectedVersion) {
      throw new HeaderDecodeError(
        header,
        'unsupported_version',
        x402CodeFor(header, 'unsupported_version'),
        `x402Version ${String(version)}, expected ${expectedVersion}`,
      );
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new HeaderDecodeError(header, 'schema_mismatch', x402CodeFor(header, 'schema_mismatch'), issues, {
      cause: parsed.error,
    });
  }
  return parsed.data as z.output<S>;
}

/**
 * Encodes a PAYMENT-REQUIRED value (standard base64 of UTF-8 JSON).
 *
 * @example
 * res.status(402).set('PAYMENT-REQUIRED', encodePaymentRequiredHeader(required)).set('Cache-Control', 'no-store');
 */
export function encodePaymentRequiredHeader(value: PaymentRequired): string {
  return encodeBase64Json(value);
}

/**
 * Decodes and validates a PAYMENT-REQUIRED value; throws `HeaderDecodeError`.
 *
 * @example
 * const required = decodePaymentRequiredHeader(res.headers.get('PAYMENT-REQUIRED') ?? '');
 */
export function decodePaymentRequiredHeader(value: string, options: HeaderDecodeOptions = {}): PaymentRequired {
  return decodeWith('payment-required', PaymentRequiredSchema, 2, value, options);
}

/**
 * Encodes a PAYMENT-SIGNATURE value.
 *
 * @example
 * fetch(url, { headers: { 'PAYMENT-SIGNATURE': encodePaymentSignatureHeader(payload) } });
 */
export function encodePaymentSignatureHeader(value: PaymentPayload): string {
  return encodeBase64Json(value);
}

/**
 * Decodes and validates a PAYMENT-SIGNATURE value; throws `HeaderDecodeError`.
 *
 * @example
 * const payload = decodePaymentSignatureHeader(req.get('PAYMENT-SIGNATURE') ?? '');
 */
export function decodePaymentSignatureHeader(value: string, options: HeaderDecodeOptions = {}): PaymentPayload {
  return decodeWith('payment-signature', PaymentPayloadSchema, 2, value, options);
}

/**
 * Encodes a PAYMENT-RESPONSE value. Like `@x402/core`, it leaves out `extensionResponses`,
 * which are facilitator-to-server data, not for the buyer.
 *
 * @example
 * res.set('PAYMENT-RESPONSE', encodePaymentResponseHeader(settleResponse));
 */
export function encodePaymentResponseHeader(value: SettleResponse): string {
  const { extensionResponses: _serverOnly, ...buyerFacing } = value;
  return encodeBase64Json(buyerFacing);
}

/**
 * Decodes and validates a PAYMENT-RESPONSE value; throws `HeaderDecodeError`.
 *
 * @example
 * const receipt = decodePaymentResponseHeader(res.headers.get('PAYMENT-RESPONSE') ?? '');
 */
export function decodePaymentResponseHeader(value: string, options: HeaderDecodeOptions = {}): SettleResponse {
  return decodeWith('payment-response', SettleResponseSchema, undefined, value, options);
}

/**
 * Encodes a v1 X-PAYMENT value.
 *
 * @example
 * headers['X-PAYMENT'] = encodeXPaymentHeader({ x402Version: 1, scheme, network: 'solana-devnet', payload });
 */
export function encodeXPaymentHeader(value: PaymentPayloadV1): string {
  return encodeBase64Json(value);
}

/** Decodes and validates a v1 X-PAYMENT value; throws `HeaderDecodeError`. */
export function decodeXPaymentHeader(value: string, options: HeaderDecodeOptions = {}): PaymentPayloadV1 {
  return decodeWith('x-payment', PaymentPayloadV1Schema, 1, value, options);
}

/** Encodes a v1 X-PAYMENT-RESPONSE value. */
export function encodeXPaymentResponseHeader(value: SettleResponseV1): string {
  return encodeBase64Json(value);
}

/** Decodes and validates a v1 X-PAYMENT-RESPONSE value; throws `HeaderDecodeError`. */
export function decodeXPaymentResponseHeader(value: string, options: HeaderDecodeOptions = {}): SettleResponseV1 {
  return decodeWith('x-payment-response', SettleResponseV1Schema, undefined, value, options);
}
