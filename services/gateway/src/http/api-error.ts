import { API_ERROR_STATUS, type ApiErrorCode, type ApiErrorStatus } from './api-error-code';

/** What an ApiError adds to the plain `{error, message}`: a Retry-After and typed extra fields. */
export interface ApiErrorExtras {
  /** Sent as the Retry-After header and as `retryAfterSeconds` in the body. */
  readonly retryAfterSeconds?: number;
  /** Machine-readable fields beside `error` (e.g. which rate limit was hit). */
  readonly fields?: Readonly<Record<string, string>>;
}

/**
 * A typed HTTP failure: the body is always `{error: code, message}` (plus the extras). Thrown by
 * pipes, guards and use cases for the gateway's own (non-x402-body) answers; the filter renders it.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** Always the code's own status (API_ERROR_STATUS): a code cannot be answered with two. */
  readonly status: ApiErrorStatus;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly extras: ApiErrorExtras = {},
  ) {
    super(message);
    this.status = API_ERROR_STATUS[code];
  }
}

/** The one error body shape every non-2xx gateway answer uses. */
export interface ApiErrorBody {
  readonly error: string;
  readonly message: string;
  readonly retryAfterSeconds?: number;
  readonly [field: string]: string | number | undefined;
}
