/**
 * The path a token is bound to: without query and without a trailing `/` (except the root), as
 * px402 normalizes it, so `/weather/` and `/weather` are one priced resource on both servers.
 *
 * @example
 * normalizePath('/api/sentiment/'); // '/api/sentiment'
 */
export function normalizePath(path: string): string {
  const bare = path.split('?')[0] ?? path;
  return bare.length > 1 && bare.endsWith('/') ? bare.slice(0, -1) : bare;
}
