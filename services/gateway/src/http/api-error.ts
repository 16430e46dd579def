/**
 * A typed HTTP failure: the body is always `{error: code, message}`. Thrown by pipes, guards and
 * use cases for the gateway's own (non-x402-body) answers; the filter renders it.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The one error body shape every non-2xx gateway answer uses. */
export interface ApiErrorBody {
  readonly error: string;
  readonly message: string;
}
