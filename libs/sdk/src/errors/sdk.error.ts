import { QuietpayError } from '@quietpay/x402';

/** Why an SDK call failed; `retryable` says whether trying the same call again can help. */
export type SdkErrorCode =
  | 'facilitator_unreachable'
  | 'rpc_unreachable'
  | 'wallet_refused'
  | 'facilitator_rejected'
  | 'scheme_not_supported'
  | 'simulation_failed'
  | 'session_unknown'
  | 'session_closed'
  | 'session_ended'
  | 'payment_not_acceptable'
  | 'decrypt_failed'
  | 'attestation_invalid';

/**
 * The session-scheme SDK's error (a `QuietpayError`), with a stable code and the context needed to act on it.
 *
 * @example
 * try { await createSession(opts); } catch (e) { if (e instanceof QuietpaySdkError && e.retryable) retry(); }
 */
export class QuietpaySdkError extends QuietpayError {
  override readonly name: string = 'QuietpaySdkError';
  override readonly code: SdkErrorCode;

  constructor(
    code: SdkErrorCode,
    message: string,
    readonly context: Readonly<Record<string, unknown>> = {},
    retryable = false,
    options?: { cause?: unknown; phase?: string; field?: string },
  ) {
    super(message, { code, retryable, cause: options?.cause, phase: options?.phase, field: options?.field });
    this.code = code;
  }
}
