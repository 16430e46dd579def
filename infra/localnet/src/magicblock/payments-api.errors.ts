/** Typed API errors: every failure leaves the server as `{ error: code, message }` with a 4xx/5xx status. */
export type PaymentsErrorCode =
  | 'invalid_request'
  | 'invalid_client_ref_id'
  | 'unsupported_visibility'
  | 'unsupported_balance_route'
  | 'recipient_not_wallet'
  | 'mint_not_initialized'
  | 'insufficient_funds'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unauthorized'
  | 'invalid_signature'
  | 'not_found'
  | 'rate_limited'
  | 'internal_error';

export class PaymentsApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: PaymentsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PaymentsApiError';
  }
}

export const badRequest = (code: PaymentsErrorCode, message: string): PaymentsApiError => new PaymentsApiError(400, code, message);

export interface PaymentsErrorBody {
  error: PaymentsErrorCode;
  message: string;
}
