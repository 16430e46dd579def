import { ErrorCode, retryClassOf } from './error-code';

/** Facts about an error, flattened to strings (ids, limits) as on the wire. */
export type ErrorContext = Readonly<Record<string, string>>;

export interface QuietpayErrorOptions {
  /** Overrides the code's declared class; for an error rebuilt from the wire, or a job-level retry signal. */
  readonly retryable?: boolean;
  readonly context?: ErrorContext;
  readonly cause?: unknown;
}

/**
 * The one error type that crosses process boundaries: a stable `code`, a human message
 * (never secrets), whether retrying unchanged may succeed (by default the code's declared retry
 * class: `retryable` or not), and context. Services raise theirs through `serviceErrors` (typed
 * against their declared set).
 *
 * @example
 * throw new QuietpayError('session_not_found', 'session not found', { context: { sessionId } });
 */
export class QuietpayError extends Error {
  readonly retryable: boolean;
  readonly context: ErrorContext;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: QuietpayErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'QuietpayError';
    this.retryable = options.retryable ?? retryClassOf(code) === 'retryable';
    this.context = options.context ?? {};
  }
}
