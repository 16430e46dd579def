/** Why an SDK call failed; `retryable` says whether trying the same call again can help. */
export type SdkErrorCode =
  | 'facilitator_unreachable'
  | 'facilitator_rejected'
  | 'scheme_not_supported'
  | 'simulation_failed'
  | 'session_unknown'
  | 'session_closed'
  | 'payment_not_acceptable'
  | 'decrypt_failed'
  | 'attestation_invalid';

/**
 * The one error type the SDK throws, with a stable code and the context needed to act on it.
 *
 * @example
 * try { await createSession(opts); } catch (e) { if (e instanceof QuietpaySdkError && e.retryable) retry(); }
 */
export class QuietpaySdkError extends Error {
  constructor(
    readonly code: SdkErrorCode,
    message: string,
    readonly context: Readonly<Record<string, unknown>> = {},
    readonly retryable = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'QuietpaySdkError';
  }
}
