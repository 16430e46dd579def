import { encodePaymentSignatureHeader, signSessionClose, X402_V2_HEADERS } from '@quietpay/x402';
import { QuietpaySdkError } from '../errors/sdk.error';
import type { FacilitatorClient, FetchLike } from '../facilitator/facilitator.client';
import type { SessionRecord } from '../facilitator/session-kind.schema';
import { readPaymentRequired } from '../http/payment-required.parser';
import type { SessionStorage, StoredSession } from '../storage/session-storage.port';
import { DEFAULT_PENDING_PAYMENT_RETRY, type PendingPaymentRetry, resendWhilePending } from './pending-payment.retry';
import { buildSessionPaymentPayload, selectSessionRequirements } from './session-payment.builder';
import { sessionEndingReason } from './session-ended.rule';

/**
 * An open session: pay-as-you-go `fetch` plus the session's state at the facilitator.
 *
 * @example
 * const res = await session.fetch('http://127.0.0.1:4100/api/chat', { method: 'POST', body: '{"message":"hi"}' });
 * console.log((await session.getSession()).spent);
 */
export interface SessionHandle {
  readonly sessionId: string;
  /**
   * `fetch` that answers a session-scheme 402 by signing one payment with the session key and
   * retrying with it. While the server then answers `402 settlement_pending` (its settlement is not
   * final yet: an outage, a slow chain), the same paid request is re-sent with backoff, honouring
   * Retry-After, for up to a minute; the same payment is never charged twice. Other answers pass through. A request body must be re-sendable (string, bytes,
   * FormData, URLSearchParams), since the request is sent twice when payment is required.
   * A paid request refused with a reason that ends the session (`facilitator_budget_exhausted`,
   * `session_expired`, `session_closed`, `session_revoked`, `session_not_found`; nothing was charged)
   * is returned as that 402; every later call throws `QuietpaySdkError` `session_ended` (not
   * retryable, `context.reason`) without a request: open a new session.
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** The facilitator's current record (cap, spent, status). */
  getSession(): Promise<SessionRecord>;
  /**
   * Closes the session at the facilitator (no further charges), stops paying and forgets the key.
   * The request is signed by the session key (only its holder may close; the facilitator refuses
   * a proof older than a few minutes, so the local clock must be roughly right). The on-chain
   * delegation stays until the wallet revokes it; the facilitator no longer uses it.
   */
  close(): Promise<void>;
}

function toBase64Key(key: string): Uint8Array {
  const binary = atob(key);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) out[i] = binary.charCodeAt(i);
  return out;
}

/** Builds the handle over a stored session (fresh from createSession or restored by wrapFetch). */
export function sessionHandle(
  stored: StoredSession,
  facilitator: FacilitatorClient,
  storage: SessionStorage,
  fetchImpl: FetchLike,
  pendingRetry: PendingPaymentRetry = DEFAULT_PENDING_PAYMENT_RETRY,
): SessionHandle {
  const secretKey = toBase64Key(stored.sessionSecretKey);
  const payable = {
    sessionId: stored.sessionId,
    recipient: stored.recipient,
    asset: stored.asset,
    network: stored.network,
    ...(stored.perCallLimit !== undefined ? { perCallLimit: BigInt(stored.perCallLimit) } : {}),
  };
  let closed = false;
  // Set by the facilitator's refusal: calling on would only meet that refusal again (and then the
  // session's rate limit), so the handle says so itself.
  let endedBy: string | undefined;

  const pay = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (closed) throw new QuietpaySdkError('session_closed', `session ${stored.sessionId} is closed`);
    if (endedBy !== undefined) {
      throw new QuietpaySdkError('session_ended', `session ${stored.sessionId} can no longer pay (${endedBy}); open a new session`, {
        sessionId: stored.sessionId,
        reason: endedBy,
      });
    }
    // A Request's body can be read once: keep a copy for the paid retry.
    const retryInput = input instanceof Request ? input.clone() : input;
    const first = await fetchImpl(input, init);
    const required = readPaymentRequired(first);
    if (!required) return first;
    const requirements = selectSessionRequirements(required, payable);
    const payload = buildSessionPaymentPayload(required, requirements, stored.sessionId, secretKey);
    const headers = new Headers(init?.headers ?? (retryInput instanceof Request ? retryInput.headers : undefined));
    headers.set(X402_V2_HEADERS.paymentSignature, encodePaymentSignatureHeader(payload));
    await first.body?.cancel();
    const send = (): Promise<Response> => fetchImpl(retryInput instanceof Request ? retryInput.clone() : retryInput, { ...init, headers });
    const answer = await resendWhilePending(send, await send(), pendingRetry);
    endedBy ??= sessionEndingReason(answer);
    return answer;
  };

  return {
    sessionId: stored.sessionId,
    fetch: pay,
    getSession: () => facilitator.session(stored.sessionId, stored.sessionsEndpoint),
    close: async () => {
      closed = true;
      const proof = { reason: 'user_closed', sessionId: stored.sessionId, timestampUnix: Math.floor(Date.now() / 1000) };
      const signature = signSessionClose(proof, secretKey);
      await facilitator.closeSession(stored.sessionId, { reason: proof.reason, timestampUnix: proof.timestampUnix, signature }, stored.sessionsEndpoint);
      await storage.delete(stored.sessionId);
    },
  };
}

/** base64 of the 64-byte session secret key, as stored. */
export function encodeSessionKey(secretKey: Uint8Array): string {
  let binary = '';
  for (const b of secretKey) binary += String.fromCharCode(b);
  return btoa(binary);
}
