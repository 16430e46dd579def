/**
 * Pure rules of the transfer queue: how a split amount is divided, when a part becomes ready,
 * what the fee is, and when an idle crank stops.
 */

/** Divides `amount` into `parts` positive amounts that sum to it (remainder on the first parts). */
export function splitAmount(amount: bigint, parts: number): bigint[] {
  if (!Number.isInteger(parts) || parts < 1) throw new RangeError('parts must be a positive integer');
  if (amount < BigInt(parts)) throw new RangeError('amount is smaller than the number of parts');
  const base = amount / BigInt(parts);
  const remainder = Number(amount % BigInt(parts));
  return Array.from({ length: parts }, (_, i) => base + (i < remainder ? 1n : 0n));
}

/** A ready time uniformly drawn in [now + min, now + max]; `random` returns [0, 1). */
export function pickReadyAtMs(nowMs: bigint, minDelayMs: bigint, maxDelayMs: bigint, random: () => number): bigint {
  if (maxDelayMs < minDelayMs) throw new RangeError('maxDelayMs < minDelayMs');
  const span = maxDelayMs - minDelayMs;
  const offset = span === 0n ? 0n : BigInt(Math.floor(random() * (Number(span) + 1)));
  return nowMs + minDelayMs + (offset > span ? span : offset);
}

/** Token fee in basis points, rounded up so a non-zero transfer never settles for free. */
export function tokenFee(amount: bigint, feeBps: number): bigint {
  return (amount * BigInt(feeBps) + 9_999n) / 10_000n;
}

/** The crank keeps running only while someone kicked it within the idle window. */
export function crankIdleExpired(nowMs: number, lastKickAtMs: number, idleStopMs: number): boolean {
  return nowMs - lastKickAtMs >= idleStopMs;
}
