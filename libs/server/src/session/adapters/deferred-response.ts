import type { Response } from 'express';

type Chunk = readonly [chunk: unknown, encoding: BufferEncoding | undefined];

/** What the handler produced while its response was held back. */
export interface HeldResponse {
  /** The status the handler chose (writeHead's, else res.statusCode). */
  readonly status: number;
  /** Send what the handler wrote, as it wrote it. */
  release(): void;
  /** Drop what the handler wrote (and the headers it set), so another answer can be sent. */
  discard(): void;
}

/**
 * Holds an Express response back until `onEnd` decides: the handler's writeHead/write/end are
 * recorded, not sent, so a payment can be settled after the handler succeeded and before anything
 * reaches the client (the way `@x402/express` settles). Streaming handlers are buffered whole;
 * use the `before-handler` settle mode for those.
 */
export function holdResponse(res: Response, onEnd: (held: HeldResponse) => void): void {
  const original = { writeHead: res.writeHead, write: res.write, end: res.end };
  const chunks: Chunk[] = [];
  let head: unknown[] | undefined;
  let ended = false;
  const restore = (): void => {
    res.writeHead = original.writeHead;
    res.write = original.write;
    res.end = original.end;
  };
  const encodingOf = (value: unknown): BufferEncoding | undefined => (typeof value === 'string' ? (value as BufferEncoding) : undefined);

  res.writeHead = ((...args: unknown[]) => {
    head = args;
    if (typeof args[0] === 'number') res.statusCode = args[0];
    return res;
  }) as Response['writeHead'];
  res.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
    chunks.push([chunk, encodingOf(encoding)]);
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') (done as () => void)();
    return true;
  }) as Response['write'];
  res.end = ((chunk?: unknown, encoding?: unknown, callback?: unknown) => {
    if (ended) return res;
    ended = true;
    if (chunk !== undefined && typeof chunk !== 'function') chunks.push([chunk, encodingOf(encoding)]);
    restore();
    onEnd({
      status: res.statusCode,
      release: () => {
        if (head) (res.writeHead as (...a: unknown[]) => Response)(...head);
        for (const [c, e] of chunks) (res.write as (c: unknown, e?: BufferEncoding) => boolean)(c, e);
        res.end();
      },
      discard: () => {
        for (const name of res.getHeaderNames()) res.removeHeader(name);
      },
    });
    const done = [chunk, encoding, callback].find((a) => typeof a === 'function');
    if (typeof done === 'function') (done as () => void)();
    return res;
  }) as Response['end'];
}
