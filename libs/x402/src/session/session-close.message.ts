import { z } from 'zod';
import { SESSION_CLOSE_WINDOW_SECONDS } from './session-close.signing';

// Signing and the close fields' type are in session-close.signing.ts (no zod: the SDK signs closes).

/** Reasons a user may give for closing; the same shape the gateway accepts. */
export const SessionCloseReasonSchema = z.string().regex(/^[a-z_]{1,64}$/);

/** What the session key signs to close its own session. */
export const SessionCloseFieldsSchema = z.strictObject({
  reason: SessionCloseReasonSchema,
  sessionId: z.string().min(1).max(128),
  timestampUnix: z.number().int().positive(),
});

/**
 * Whether a close request's timestamp is fresh: within {@link SESSION_CLOSE_WINDOW_SECONDS} of now,
 * either way (clocks drift). Replays inside the window are the verifier's to refuse (one use per signature).
 *
 * @example
 * if (!isSessionCloseFresh(fields.timestampUnix, nowUnix)) reject('stale_close_request');
 */
export function isSessionCloseFresh(timestampUnix: number, nowUnix: number, windowSeconds = SESSION_CLOSE_WINDOW_SECONDS): boolean {
  return Math.abs(nowUnix - timestampUnix) <= windowSeconds;
}
