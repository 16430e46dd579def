import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceProcess } from '../support/service.process';

export interface AdminKeyFile {
  readonly path: string;
  /** Plain keys by id (the `hashed` one is stored in the file only as its SHA-256). */
  readonly keys: Readonly<Record<'ops' | 'hashed', string>>;
}

/** An ADMIN_KEYS_FILE with one plain and one `sha256:` entry, mode 0600. */
export function writeAdminKeys(): AdminKeyFile {
  const ops = randomBytes(24).toString('base64url');
  const hashed = randomBytes(24).toString('base64url');
  const path = join(mkdtempSync(join(tmpdir(), 'qp-admin-')), 'admin-keys');
  const digest = createHash('sha256').update(hashed).digest('hex');
  writeFileSync(path, `# operators\nops ${ops}\n\nci sha256:${digest}\n`, { mode: 0o600 });
  return { path, keys: { ops, hashed } };
}

/** The admin API's base URL once the gateway logged `admin API listening`. */
export async function adminUrlOf(proc: ServiceProcess): Promise<string> {
  const line = await proc.waitForLog((l) => l.msg === 'admin API listening', 'admin API listening');
  return `http://127.0.0.1:${Number(line['adminPort'])}`;
}

/** A JSON call to the admin API: status and parsed body. */
export async function adminCall(
  base: string,
  path: string,
  key: string | undefined,
  init: RequestInit = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = {
    ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(key === undefined ? {} : { authorization: `Bearer ${key}` }),
  };
  const res = await fetch(`${base}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string> | undefined) } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/**
 * Every page of GET /admin/v1/sessions with `query`: each page is one bounded SCAN of the store, so on
 * a Redis shared with other keys a page can be empty while later ones hold sessions; follow nextCursor.
 * Throws on a non-200 page.
 */
export async function listAdminSessions<T = Record<string, unknown>>(base: string, key: string, query = ''): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await adminCall(base, `/admin/v1/sessions?${query}${query === '' ? '' : '&'}limit=200${cursor === undefined ? '' : `&cursor=${cursor}`}`, key);
    if (page.status !== 200) throw new Error(`GET /admin/v1/sessions?${query}: ${page.status} ${JSON.stringify(page.body)}`);
    items.push(...(page.body['items'] as T[]));
    cursor = page.body['nextCursor'] as string | undefined;
  } while (cursor !== undefined);
  return items;
}

export interface SseEvent {
  readonly id?: string;
  readonly event?: string;
  readonly data?: string;
}

/** An open admin event stream: every event received so far, and a way to wait for one. */
export interface SseReader {
  readonly events: SseEvent[];
  waitFor(match: (e: SseEvent) => boolean, what: string): Promise<SseEvent>;
  close(): void;
}

/** Opens GET /admin/v1/events and resolves once the server says its consumers are subscribed. */
export async function openEvents(base: string, key: string, lastEventId?: string): Promise<SseReader> {
  const abort = new AbortController();
  const res = await fetch(`${base}/admin/v1/events`, {
    headers: { authorization: `Bearer ${key}`, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
    signal: abort.signal,
  });
  if (res.status !== 200 || !res.body) throw new Error(`events answered ${res.status}: ${await res.text()}`);
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  let subscribed!: () => void;
  const ready = new Promise<void>((resolve) => (subscribed = resolve));
  let failed: Error | undefined;
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(': subscribed')) subscribed();
          const event: Record<string, string> = {};
          for (const line of block.split('\n')) {
            const at = line.indexOf(': ');
            if (at > 0) event[line.slice(0, at)] = line.slice(at + 2);
          }
          if (event['event'] !== undefined) events.push(event);
          for (const w of [...waiters]) w();
        }
      }
    } catch (error) {
      if (!abort.signal.aborted) failed = error as Error;
    }
    for (const w of [...waiters]) w();
  })();
  await ready;
  return {
    events,
    close: () => abort.abort(),
    waitFor: (match, what) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (found) {
            waiters.delete(check);
            resolve(found);
          } else if (failed) {
            waiters.delete(check);
            reject(new Error(`event stream failed before ${what}: ${failed.message}`));
          }
        };
        waiters.add(check);
        check();
      }),
  };
}
