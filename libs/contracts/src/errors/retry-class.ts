/**
 * Whether asking again can help, declared once per error code:
 * - `retryable`: nothing is wrong with the request; the same request may succeed later
 *   (a dependency was down, a lock moved, a transaction is still landing).
 * - `terminal`: the request was well formed but the state refuses it for good (cap exceeded,
 *   charge released, signer policy refusal); retrying the same request cannot succeed.
 * - `client_error`: the request itself is wrong (malformed, unsigned, unknown id); it must be
 *   changed before it can succeed.
 */
export type RetryClass = 'retryable' | 'terminal' | 'client_error';

/** A service's closed code set: every code it raises, each with its retry class. */
export type ErrorCodeTable = Readonly<Record<string, RetryClass>>;
