import { describe, expect, it } from 'vitest';
import type { AdminClient } from './api';
import { walkPages } from './pages-walk';

/** A listing of pages by cursor, as the admin API answers: empty pages with a cursor happen. */
function listing(pages: ReadonlyArray<readonly string[]>): { client: AdminClient; asked: string[] } {
  const asked: string[] = [];
  const client: AdminClient = {
    get: async <T>(path: string): Promise<T> => {
      asked.push(path);
      const at = Number(new URL(path, 'http://x').searchParams.get('cursor') ?? '0');
      const next = at + 1 < pages.length ? String(at + 1) : undefined;
      return { items: pages[at], ...(next === undefined ? {} : { nextCursor: next }) } as T;
    },
    send: () => Promise.reject(new Error('not used')),
  };
  return { client, asked };
}

describe('walkPages', () => {
  it('follows cursors past empty pages to the end', async () => {
    const { client, asked } = listing([[], [], ['a'], [], ['b', 'c']]);
    expect(await walkPages<string>(client, '/sessions?limit=200', { maxPages: 10 })).toEqual({ items: ['a', 'b', 'c'] });
    expect(asked).toEqual([
      '/sessions?limit=200',
      '/sessions?limit=200&cursor=1',
      '/sessions?limit=200&cursor=2',
      '/sessions?limit=200&cursor=3',
      '/sessions?limit=200&cursor=4',
    ]);
  });

  it('stops at maxPages with the cursor to go on from', async () => {
    const { client, asked } = listing([['a'], ['b'], ['c']]);
    expect(await walkPages<string>(client, '/sessions', { maxPages: 2 })).toEqual({ items: ['a', 'b'], nextCursor: '2' });
    expect(asked).toEqual(['/sessions', '/sessions?cursor=1']);
  });

  it('stops once enough items were read, and goes on from a cursor', async () => {
    const { client, asked } = listing([[], ['a', 'b'], ['c'], ['d']]);
    const first = await walkPages<string>(client, '/sessions', { maxPages: 10, enough: 2 });
    expect(first).toEqual({ items: ['a', 'b'], nextCursor: '2' });
    expect(await walkPages<string>(client, '/sessions', { maxPages: 10, enough: 2, from: first.nextCursor })).toEqual({ items: ['c', 'd'] });
    expect(asked).toEqual(['/sessions', '/sessions?cursor=1', '/sessions?cursor=2', '/sessions?cursor=3']);
  });
});
