/** Outcome of counting one request against a window. */
export type RateLimitDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number };

/**
 * Port: counts requests per key (client IP and route) in a window shared by every replica.
 *
 * @example
 * const verdict = await limiter.hit(`${ip}|/weather`);
 * if (!verdict.allowed) answer429(Math.ceil(verdict.retryAfterMs / 1000));
 */
export interface RateLimiter {
  hit(key: string): Promise<RateLimitDecision>;
}
