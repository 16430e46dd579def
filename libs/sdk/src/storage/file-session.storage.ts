import { QuietpayError } from '@quietpay/x402';
import { parseStoredSession, type SessionStorage, type StoredSession } from './session-storage.port';

interface NodeFs {
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  writeFile(path: string, data: string, options: { mode: number }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

// Reached through process.getBuiltinModule (Node ≥ 20.16) rather than an import, so browser
// bundlers never see a node: module in the SDK and this file stays inert outside Node.
function nodeFs(): NodeFs {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.('node:fs/promises') as NodeFs | undefined;
  if (!fs) throw new QuietpayError('fileSessionStorage needs Node 20.16+ (process.getBuiltinModule)', { code: 'runtime_unsupported', phase: 'options' });
  return fs;
}

/**
 * Node storage: one JSON file holding every session by id, written atomically (temp file + rename)
 * with mode 0600 because it holds session keys.
 *
 * @example
 * const storage = fileSessionStorage('.quietpay-sessions.json');
 * const session = await wrapFetch(sessionId, FACILITATOR_URL, { storage });
 */
export function fileSessionStorage(path: string): SessionStorage {
  let queue: Promise<unknown> = Promise.resolve();
  // Serialise read-modify-write cycles within this process so concurrent sets never lose an entry.
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  const readAll = async (): Promise<Record<string, unknown>> => {
    try {
      const json: unknown = JSON.parse(await nodeFs().readFile(path, 'utf8'));
      return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return {};
      throw err;
    }
  };
  const writeAll = async (all: Record<string, unknown>): Promise<void> => {
    const tmp = `${path}.${Date.now()}.tmp`;
    await nodeFs().writeFile(tmp, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
    await nodeFs().rename(tmp, path);
  };
  return {
    get: (id) => exclusive(async () => parseStoredSession((await readAll())[id])),
    set: (session: StoredSession) =>
      exclusive(async () => {
        const all = await readAll();
        all[session.sessionId] = session;
        await writeAll(all);
      }),
    delete: (id) =>
      exclusive(async () => {
        const all = await readAll();
        if (!(id in all)) return;
        delete all[id];
        await writeAll(all);
      }),
  };
}
