/**
 * Port: remembers payment ids that already bought a response, across every replica.
 *
 * @example
 * if (!(await replay.claim(paymentId, ttlMs))) return conflict();
 */
export interface ReplayStore {
  /**
   * Atomically marks `paymentId` as used for at least `ttlMs`. Returns true for the first claim,
   * false when the id was already claimed. `ttlMs` must outlive the token, so that once the claim
   * is gone the token is expired anyway.
   */
  claim(paymentId: string, ttlMs: number): Promise<boolean>;
}
