/**
 * True when `error` says a store the service depends on (Redis) could not answer: connection
 * refused, closed or reset, retries per request exhausted, a command timed out, or a server still
 * loading, read-only or busy. Such a failure says nothing about the request itself, so it crosses
 * the bus as retryable `dependency_unavailable`, not as terminal `internal`: a caller that treats
 * `internal` as final (the submitter releasing a charge) must not act on a Redis restart.
 */
export function isDependencyUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'MaxRetriesPerRequestError') return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  return UNAVAILABLE.test(error.message);
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTCONN', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

// ioredis' own messages and the Redis server's transient replies (first word of the reply).
const UNAVAILABLE =
  /^(Connection is closed|Stream isn't writeable|Command timed out|Reached the max retries per request limit)|^(LOADING|READONLY|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|MISCONF)\b/i;
