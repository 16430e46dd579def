import type { CloseSessionRequest } from '@quietpay/contracts';
import { nativeEd25519 } from '@quietpay/platform';
import { isSessionCloseFresh, SessionCloseReasonSchema, verifySessionClose } from '@quietpay/x402';

export type CloseAuthCheck =
  { readonly ok: true } | { readonly ok: false; readonly code: 'bad_close_signature' | 'stale_close_request'; readonly message: string };

/**
 * Pure check that a close request was made by the holder of the session key: a signature by
 * `sessionPubkey` over the domain-separated close message (libs/x402) for exactly this session,
 * reason and timestamp, signed within the freshness window. Replays inside the window are refused
 * by the caller (one use per signature, SET NX).
 */
export function checkCloseAuth(request: CloseSessionRequest, sessionPubkey: string, nowUnix: number): CloseAuthCheck {
  if (request.signature === '' || request.timestampUnix === 0) {
    return { ok: false, code: 'bad_close_signature', message: 'closing a session needs a signature by its session key' };
  }
  if (!SessionCloseReasonSchema.safeParse(request.reason).success) {
    return { ok: false, code: 'bad_close_signature', message: 'reason is not a signable close reason' };
  }
  const fields = { reason: request.reason, sessionId: request.sessionId, timestampUnix: request.timestampUnix };
  if (!verifySessionClose(fields, request.signature, sessionPubkey, nativeEd25519.verify)) {
    return { ok: false, code: 'bad_close_signature', message: 'signature does not verify for the session key' };
  }
  if (!isSessionCloseFresh(request.timestampUnix, nowUnix)) {
    return { ok: false, code: 'stale_close_request', message: 'the close request was signed too long ago or in the future' };
  }
  return { ok: true };
}
