import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileSessionStorage } from './file-session.storage';
import { localSessionStorage, type WebStorageLike } from './local-session.storage';
import { memorySessionStorage } from './memory-session.storage';
import type { SessionStorage, StoredSession } from './session-storage.port';

const dir = mkdtempSync(join(tmpdir(), 'qp-sdk-storage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const session = (id: string): StoredSession => ({
  sessionId: id,
  facilitatorUrl: 'http://127.0.0.1:4021',
  sessionsEndpoint: 'http://127.0.0.1:4021/sessions',
  sessionSecretKey: 'a'.repeat(88),
  sessionPublicKey: '9Cir3JKBcQ1mzasrQNKWMiGVZvYu3dxvfkGeQ6mohWWi',
  user: '9Cir3JKBcQ1mzasrQNKWMiGVZvYu3dxvfkGeQ6mohWWi',
  recipient: '9Cir3JKBcQ1mzasrQNKWMiGVZvYu3dxvfkGeQ6mohWWi',
  asset: '7crFMbJN7hxVhUPNcRRxTGr9nD3TnvpZ8pNZepA19wuB',
  network: 'solana:localnet',
  cap: '5000000',
  expirationUnix: 1_900_000_000,
});

class MapWebStorage implements WebStorageLike {
  readonly map = new Map<string, string>();
  getItem(k: string): string | null {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.map.set(k, v);
  }
  removeItem(k: string): void {
    this.map.delete(k);
  }
}

const web = new MapWebStorage();
const storages: [string, () => SessionStorage][] = [
  ['memory', () => memorySessionStorage()],
  ['localStorage', () => localSessionStorage(web)],
  ['file', () => fileSessionStorage(join(dir, `sessions-${Math.random()}.json`))],
];

describe.each(storages)('%s session storage', (_name, make) => {
  it('stores, restores and forgets sessions by id', async () => {
    const storage = make();
    expect(await storage.get('s1')).toBeUndefined();
    await Promise.all([storage.set(session('s1')), storage.set(session('s2'))]);
    expect(await storage.get('s1')).toEqual(session('s1'));
    expect(await storage.get('s2')).toEqual(session('s2'));
    await storage.delete('s1');
    expect(await storage.get('s1')).toBeUndefined();
    expect(await storage.get('s2')).toEqual(session('s2'));
  });
});

describe('persistent storages', () => {
  it('file storage survives a new instance, is private to the user, and treats corrupt entries as absent', async () => {
    const path = join(dir, 'persist.json');
    await fileSessionStorage(path).set(session('p1'));
    expect(await fileSessionStorage(path).get('p1')).toEqual(session('p1'));
    expect(statSync(path).mode & 0o077).toBe(0);
    const all = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    writeFileSync(path, JSON.stringify({ ...all, bad: { sessionId: 'bad' } }));
    expect(await fileSessionStorage(path).get('bad')).toBeUndefined();
  });

  it('localStorage storage survives a "reload" (new instance over the same store) and ignores garbage', async () => {
    const store = new MapWebStorage();
    await localSessionStorage(store).set(session('r1'));
    expect(await localSessionStorage(store).get('r1')).toEqual(session('r1'));
    store.setItem('quietpay.session.junk', '{not json');
    expect(await localSessionStorage(store).get('junk')).toBeUndefined();
  });
});
