import type { SessionStorage, StoredSession } from './session-storage.port';

/**
 * Keeps sessions in memory: gone when the process or page ends.
 *
 * @example
 * const session = await createSession({ ...opts, storage: memorySessionStorage() });
 */
export function memorySessionStorage(): SessionStorage {
  const entries = new Map<string, StoredSession>();
  return {
    get: (id) => Promise.resolve(entries.get(id)),
    set: (session) => {
      entries.set(session.sessionId, { ...session });
      return Promise.resolve();
    },
    delete: (id) => {
      entries.delete(id);
      return Promise.resolve();
    },
  };
}
