/** What the queue looked like: the oldest entry enqueued after the newest settlement, if any. */
export interface QueueActivity {
  readonly oldestPendingAtMs: number | undefined;
  readonly lastSettlementAtMs: number | undefined;
}

export interface CrankVerdict {
  readonly ensureCrank: boolean;
  readonly stalled: boolean;
  readonly detail: string;
}

/**
 * Entries waiting past `staleAfterMs` with no settlement since: force a crank run. Past
 * `stallAfterMs`, or when the payments API failed, the crank is reported stalled. Queued
 * entries with a requested delay look the same as a slow crank: thresholds must exceed the
 * delays clients ask for.
 */
export function judgeCrank(nowMs: number, activity: QueueActivity, apiError: string | undefined, staleAfterMs: number, stallAfterMs: number): CrankVerdict {
  if (apiError !== undefined) return { ensureCrank: false, stalled: true, detail: `payments API: ${apiError}` };
  if (activity.oldestPendingAtMs === undefined) return { ensureCrank: false, stalled: false, detail: '' };
  const waited = nowMs - activity.oldestPendingAtMs;
  if (waited > stallAfterMs) return { ensureCrank: true, stalled: true, detail: `entries queued for ${Math.floor(waited / 1000)} s with no settlement` };
  return { ensureCrank: waited > staleAfterMs, stalled: false, detail: '' };
}
