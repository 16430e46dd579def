import { QuietpaySdkError } from '../errors/sdk.error';
import { FacilitatorClient, type FetchLike } from '../facilitator/facilitator.client';
import type { SessionRecord } from '../facilitator/session-kind.schema';
import type { SessionStorage } from '../storage/session-storage.port';
import { type SessionHandle, sessionHandle } from './session-handle';

/** Options of `wrapFetch`. */
export interface WrapFetchOptions {
  /** Where `createSession` stored the session key. */
  readonly storage: SessionStorage;
  readonly fetch?: FetchLike;
}

/**
 * Restores a session opened earlier (by this process, a previous run or before a page reload)
 * from storage and returns its handle. Throws `session_unknown` when the storage has no key for it.
 *
 * @example
 * const storage = localSessionStorage();
 * const session = await wrapFetch(localStorage.getItem('sessionId')!, FACILITATOR_URL, { storage });
 * await session.fetch('/api/chat', { method: 'POST', body });
 */
export async function wrapFetch(sessionId: string, facilitatorUrl: string, options: WrapFetchOptions): Promise<SessionHandle> {
  const stored = await options.storage.get(sessionId);
  if (!stored) throw new QuietpaySdkError('session_unknown', `no stored key for session ${sessionId}`, { sessionId });
  const fetchImpl: FetchLike = options.fetch ?? ((i, init) => globalThis.fetch(i, init));
  return sessionHandle(stored, new FacilitatorClient(facilitatorUrl, fetchImpl), options.storage, fetchImpl);
}

/**
 * Reads a session's record (cap, spent, status, expiry) from the facilitator.
 *
 * @example
 * const { spent, cap } = await getSession(sessionId, 'http://127.0.0.1:4021');
 */
export function getSession(sessionId: string, facilitatorUrl: string, fetchImpl?: FetchLike): Promise<SessionRecord> {
  return new FacilitatorClient(facilitatorUrl, fetchImpl).session(sessionId);
}
