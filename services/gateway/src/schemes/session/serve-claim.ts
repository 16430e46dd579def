import { setTimeout as sleep } from 'node:timers/promises';
import { QuietpayError } from '@quietpay/platform';

/** Between two asks for the same serve claim after an answer was lost. */
export const SERVE_CLAIM_RETRY_PAUSE_MS = 500;

/**
 * Asks the ledger for a charge's one serve with ONE serve token until it answers or `deadlineMs`
 * passed. The claim is idempotent for its token, so asking again is safe, and it is what lets a lost
 * reply converge: the ledger may have recorded the claim (killed before replying, a NATS restart
 * dropping the reply), and a /settle that gave up and answered `settlement_pending` would leave the
 * call claimed by a token nobody answers for, so the client's retry (another token) would be refused
 * `nonce_replayed`: charged, never served. A refusal (nonce_replayed, charge_released) is final at
 * once. Each ask is bounded by the bus timeout, so the wait may pass `deadlineMs` by one of those.
 *
 * @example
 * await claimServeUntil(() => ledger.serve(settlementId, token), Date.now() + 30_000);
 */
export async function claimServeUntil(claim: () => Promise<unknown>, deadlineMs: number, pauseMs = SERVE_CLAIM_RETRY_PAUSE_MS): Promise<void> {
  for (;;) {
    try {
      await claim();
      return;
    } catch (error) {
      const unknown = error instanceof QuietpayError && error.retryable;
      if (!unknown || Date.now() + pauseMs >= deadlineMs) throw error;
      await sleep(pauseMs);
    }
  }
}
