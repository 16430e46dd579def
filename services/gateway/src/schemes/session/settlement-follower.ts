import { setTimeout as sleep } from 'node:timers/promises';
import { type SettlementRecord, SettlementStatus, type SubmissionReceipt } from '@quietpay/contracts';

/** The two peers a /settle follows its settlement through. */
export interface SettlementPeers {
  /**
   * The ledger's hand-off of the reservation to the submitter (idempotent per settlement id: a
   * repeat answers the existing settlement's receipt and re-creates its job if it was lost).
   * `waitForConfirmation` holds the reply until the settlement is final or `waitMs` passed.
   */
  handOff(options: { readonly waitForConfirmation: boolean; readonly waitMs: number }): Promise<SubmissionReceipt>;
  /** The submitter's record of the settlement (read-only), given up after `timeoutMs`. */
  status(timeoutMs: number): Promise<SettlementRecord>;
}

/** How long a /settle follows its settlement, and how often it looks. */
export interface FollowBounds {
  /** The whole wait (SETTLE_TIMEOUT_MS): past it the answer is `settlement_pending`. */
  readonly waitMs: number;
  /** Between two looks at the settlement's status (SETTLE_STATUS_POLL_MS). */
  readonly pollMs: number;
}

/** Where following ended: a receipt (final or not), the hand-off's error, or the bound ran out with none. */
export type FollowOutcome = { readonly receipt: SubmissionReceipt } | { readonly error: unknown } | { readonly timedOut: true };

/** One status look waits at most this long (a lookup is one Redis read behind one NATS hop). */
export const STATUS_LOOKUP_TIMEOUT_MS = 2_000;
/** A repeated hand-off (no waiting for the chain) waits at most this long for the submitter. */
export const REPEAT_HAND_OFF_WAIT_MS = 2_000;

const FINAL = new Set([SettlementStatus.SETTLED, SettlementStatus.FAILED]);

/**
 * Hands a reservation to settlement and follows it to an answer within `bounds.waitMs`. Done is a
 * final status in per-call mode, an accepted hand-off in batched mode.
 *
 * Why not just the one long hand-off request: a submitter killed while it holds that request never
 * answers, and the gateway would wait its whole bound while another submitter (or the same one,
 * restarted) finishes the settlement. So the held reply races a watch on the settlement's status,
 * which asks every `pollMs` (never before `pollMs`, so a settlement that confirms quickly costs
 * nothing extra) and ends the wait as soon as the settlement is done, whoever did it. A status
 * lookup that failed (the submitter gone) makes the next successful one repeat the hand-off: a
 * submitter that died between its record and its job gets the job back within this wait.
 */
export async function followSettlement(peers: SettlementPeers, perCall: boolean, bounds: FollowBounds): Promise<FollowOutcome> {
  const stop = new AbortController();
  const deadline = Date.now() + bounds.waitMs;
  const done = (receipt: SubmissionReceipt): boolean => !receipt.accepted || !perCall || FINAL.has(receipt.status);
  type Step = { readonly from: 'held'; readonly outcome: FollowOutcome } | { readonly from: 'watch'; readonly receipt: SubmissionReceipt | undefined };
  const held: Promise<Step> = peers.handOff({ waitForConfirmation: perCall, waitMs: bounds.waitMs }).then(
    (receipt) => ({ from: 'held', outcome: { receipt } }),
    (error: unknown) => ({ from: 'held', outcome: { error } }),
  );
  const watched: Promise<Step> = watch(peers, { perCall, deadline, pollMs: bounds.pollMs, done, signal: stop.signal }).then((receipt) => ({
    from: 'watch',
    receipt,
  }));
  // The bound itself, so a watch request in flight at the deadline cannot stretch the wait.
  const expired: Promise<Step> = sleep(bounds.waitMs, undefined, { signal: stop.signal }).then(
    () => ({ from: 'watch', receipt: undefined }),
    () => ({ from: 'watch', receipt: undefined }),
  );
  try {
    const first = await Promise.race([held, watched, expired]);
    if (first.from === 'watch') return first.receipt ? { receipt: first.receipt } : { timedOut: true };
    const { outcome } = first;
    if (!('receipt' in outcome) || done(outcome.receipt)) return outcome;
    // The submitter's own wait ran out before the settlement was final: follow it to our bound.
    const next = await Promise.race([watched, expired]);
    return next.from === 'watch' && next.receipt ? { receipt: next.receipt } : outcome;
  } finally {
    stop.abort();
  }
}

async function watch(
  peers: SettlementPeers,
  o: {
    readonly perCall: boolean;
    readonly deadline: number;
    readonly pollMs: number;
    readonly done: (receipt: SubmissionReceipt) => boolean;
    readonly signal: AbortSignal;
  },
): Promise<SubmissionReceipt | undefined> {
  // A lookup failed since the last hand-off: the submitter may have restarted without the job.
  let lost = false;
  for (;;) {
    const pause = Math.min(o.pollMs, o.deadline - Date.now());
    if (pause <= 0) return undefined;
    const woke = await sleep(pause, true, { signal: o.signal }).catch(() => false);
    const left = o.deadline - Date.now();
    if (!woke || left <= 0) return undefined;
    let record: SettlementRecord;
    try {
      record = await peers.status(Math.min(STATUS_LOOKUP_TIMEOUT_MS, left));
    } catch {
      lost = true;
      continue;
    }
    if (record.status === SettlementStatus.FAILED) return receiptOf(record);
    if (o.perCall && record.status !== SettlementStatus.SETTLED && !lost) continue;
    // Settled (per-call), recorded (batched), or the submitter is back after a gap: the hand-off
    // answers the whole receipt (the transfer's share) and makes sure the job exists.
    try {
      const receipt = await peers.handOff({ waitForConfirmation: false, waitMs: Math.min(REPEAT_HAND_OFF_WAIT_MS, left) });
      lost = false;
      if (o.done(receipt)) return receipt;
    } catch {
      lost = true;
    }
  }
}

/** A failed settlement's receipt from its record (a repeated hand-off of a released charge is refused). */
function receiptOf(record: SettlementRecord): SubmissionReceipt {
  return {
    settlementId: record.settlementId,
    accepted: true,
    duplicate: true,
    status: record.status,
    signature: record.signature,
    failureReason: record.failureReason,
    transferAmount: '0',
    transferCharges: 0,
  };
}
