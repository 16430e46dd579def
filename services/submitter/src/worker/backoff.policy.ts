/**
 * Delay before retry number `attemptsMade` (1 after the first failure): base · 2^(n−1), capped,
 * so a chain or RPC outage is not hammered and a long one does not push retries out for hours.
 */
export function backoffDelayMs(attemptsMade: number, baseMs: number, maxMs: number): number {
  const exponent = Math.max(0, attemptsMade - 1);
  // 2^31 is already far past any sane cap; clamp before multiplying to stay a finite number.
  return Math.min(maxMs, baseMs * 2 ** Math.min(exponent, 31));
}
