import { setTimeout as sleep } from 'node:timers/promises';
import { QuietpayError } from '@quietpay/platform';
import { SERVE_CLAIM_RETRY_PAUSE_MS } from './serve-claim';

/**
 * How long the ledger waits for the submitter inside one SettleCharge. A batched hand-off is a few
 * Redis writes, so past this the submitter is likely gone (killed holding the request): the
 * gateway then follows the settlement as a stepwise /settle does (settlement-follower.ts) instead
 * of waiting out SETTLE_TIMEOUT_MS on a request nobody will answer.
 */
export const ONE_REQUEST_HAND_OFF_MS = 5_000;

/**
 * Sends one SettleCharge (reserve, hand-off, serve claim) until the ledger answers or `deadlineMs`
 * passed, always with the same serve token. An answer, even an error, is the ledger's verdict. A
 * lost one (bus timeout, a connection dropped) is not: the ledger may have reserved and claimed
 * the serve for this token, and a /settle that gave up with `settlement_pending` would leave the
 * call claimed by a token nobody answers for (the client's retry, another token, refused
 * `nonce_replayed`: charged, never served). Every step is idempotent, so asking again converges.
 * Only a first request nobody listened to (`bus_no_responders`) certainly did nothing.
 *
 * @example
 * const result = await settleInOneRequest(() => ledger.settle({ ...reservation, serveToken, timeoutMs }), Date.now() + 30_000);
 */
export async function settleInOneRequest<T>(send: () => Promise<T>, deadlineMs: number, pauseMs = SERVE_CLAIM_RETRY_PAUSE_MS): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await send();
    } catch (error) {
      const lost = error instanceof QuietpayError && error.retryable && error.code.startsWith('bus_');
      const undelivered = attempt === 0 && error instanceof QuietpayError && error.code === 'bus_no_responders';
      if (!lost || undelivered || Date.now() + pauseMs >= deadlineMs) throw error;
      await sleep(pauseMs);
    }
  }
}
