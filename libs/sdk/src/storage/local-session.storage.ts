import { InvalidOptionError } from '@quietpay/x402';
import { parseStoredSession, type SessionStorage } from './session-storage.port';

/** The part of the Web Storage API this uses (window.localStorage / sessionStorage). */
export interface WebStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * Browser storage: survives reloads of the same origin. Defaults to `globalThis.localStorage`.
 *
 * @example
 * const session = await wrapFetch(sessionId, FACILITATOR_URL, { storage: localSessionStorage() });
 */
export function localSessionStorage(store?: WebStorageLike, prefix = 'quietpay.session.'): SessionStorage {
  const resolveStore = (): WebStorageLike => {
    const s = store ?? (globalThis as { localStorage?: WebStorageLike }).localStorage;
    if (!s) throw new InvalidOptionError('localSessionStorage', 'storage', 'is required: this runtime has no localStorage');
    return s;
  };
  return {
    get: (id) => {
      const raw = resolveStore().getItem(prefix + id);
      if (raw === null) return Promise.resolve(undefined);
      try {
        return Promise.resolve(parseStoredSession(JSON.parse(raw)));
      } catch {
        return Promise.resolve(undefined);
      }
    },
    set: (session) => {
      resolveStore().setItem(prefix + session.sessionId, JSON.stringify(session));
      return Promise.resolve();
    },
    delete: (id) => {
      resolveStore().removeItem(prefix + id);
      return Promise.resolve();
    },
  };
}
