import { QuietpayError } from '../errors/quietpay.error';
import type { X402ErrorCode } from '../errors/x402-error-codes';

/** Why a header value was rejected. */
export type HeaderDecodeFailure = 'oversize' | 'malformed_base64' | 'bad_utf8' | 'bad_json' | 'unsupported_version' | 'schema_mismatch';

/** Which x402 header a codec handles. */
export type X402HeaderKind = 'payment-required' | 'payment-signature' | 'payment-response' | 'x-payment' | 'x-payment-response';

/**
 * A rejected header value, carrying the x402 reason to answer with.
 *
 * @example
 * try { decodePaymentSignatureHeader(h); }
 * catch (e) { if (e instanceof HeaderDecodeError) return reject(e.x402Code); throw e; }
 */
export class HeaderDecodeError extends QuietpayError {
  override readonly name: string = 'HeaderDecodeError';
  override readonly code: X402ErrorCode;

  constructor(
    readonly header: X402HeaderKind,
    readonly failure: HeaderDecodeFailure,
    readonly x402Code: X402ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${header}: ${message}`, { code: x402Code, retryable: false, field: header, phase: 'decode', cause: options?.cause });
    this.code = x402Code;
  }
}

/** The reason code a header failure maps to: what the peer sent was bad, in the header's own terms. */
export function x402CodeFor(header: X402HeaderKind, failure: HeaderDecodeFailure): X402ErrorCode {
  switch (failure) {
    case 'oversize':
      return 'header_too_large';
    case 'unsupported_version':
      return 'invalid_x402_version';
    case 'malformed_base64':
    case 'bad_utf8':
    case 'bad_json':
    case 'schema_mismatch':
      return header === 'payment-required' ? 'invalid_payment_requirements' : 'invalid_payload';
  }
}
