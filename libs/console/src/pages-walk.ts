import type { AdminClient, Page } from './api';

export interface WalkOptions {
  /** Requests at most; past it the answer carries the cursor to go on from. */
  readonly maxPages: number;
  /** Stop once this many items were read (a screenful); by default read to the end. */
  readonly enough?: number;
  /** The cursor to start from (a previous walk's `nextCursor`). */
  readonly from?: string;
}

/**
 * Follows `nextCursor` through a listing until it ends, `enough` items were read or `maxPages`
 * requests were made; the answer's `nextCursor` is set when the listing goes on. The sessions
 * listing is a bounded SCAN per request: on a Redis shared with other keys a page can be empty
 * while later pages hold sessions, so a screen or a figure read off one page alone (the overview's
 * active sessions, the sessions table) could miss them.
 */
export async function walkPages<T>(client: AdminClient, path: string, options: WalkOptions): Promise<Page<T>> {
  const items: T[] = [];
  const enough = options.enough ?? Number.POSITIVE_INFINITY;
  let cursor = options.from;
  for (let page = 0; page < options.maxPages; page++) {
    const separator = path.includes('?') ? '&' : '?';
    const url = cursor === undefined ? path : `${path}${separator}cursor=${encodeURIComponent(cursor)}`;
    const answer = await client.get<Page<T>>(url);
    items.push(...answer.items);
    if (!answer.nextCursor) return { items };
    cursor = answer.nextCursor;
    if (items.length >= enough) break;
  }
  return { items, nextCursor: cursor };
}
