import { Injectable } from '@nestjs/common';

/** What this replica's poll loop knows about itself (status answers and stall detection). */
@Injectable()
export class PollerState {
  running = false;
  stalled = false;
  watched: string[] = [];
  lastSuccessAtMs: number | undefined;
  lastError = '';
  readonly startedAtMs = Date.now();
}

/**
 * Stalled = no successful poll within `stallAfterMs`, counted from start-up when none has
 * succeeded yet (a poller that never reaches the RPC is stalled too).
 */
export function isStalled(nowMs: number, lastSuccessAtMs: number | undefined, startedAtMs: number, stallAfterMs: number): boolean {
  return nowMs - (lastSuccessAtMs ?? startedAtMs) > stallAfterMs;
}
