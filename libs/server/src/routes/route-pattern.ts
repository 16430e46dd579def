import { InvalidOptionError } from '@quietpay/x402';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** A compiled route key: `"POST /api/chat"`, `"/api/*"` (any method), `"GET /files/:id"`. */
export interface RoutePattern {
  readonly key: string;
  matches(method: string, path: string): boolean;
}

/**
 * Parses a route key the way `@x402/express`'s route map reads: an optional HTTP method, then a
 * path where `*` matches the rest of the path and `:name` one segment.
 *
 * @example
 * compileRoute('GET /weather/*').matches('GET', '/weather/paris'); // true
 */
export function compileRoute(key: string): RoutePattern {
  const parts = key.trim().split(/\s+/);
  const [first = '', second] = parts;
  if (parts.length > 2 || first === '') throw new InvalidOptionError('paymentMiddleware', `routes["${key}"]`, 'must be "[METHOD ]/path"');
  const method = second === undefined ? undefined : first.toUpperCase();
  const path = second ?? first;
  if (method !== undefined && !(METHODS as readonly string[]).includes(method))
    throw new InvalidOptionError('paymentMiddleware', `routes["${key}"]`, `has an unknown method ${method}`);
  if (!path.startsWith('/')) throw new InvalidOptionError('paymentMiddleware', `routes["${key}"]`, 'path must start with "/"');
  const source = path
    .split('/')
    .map((segment) => (segment === '*' ? '.*' : segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  const regex = new RegExp(`^${source}/?$`);
  return { key, matches: (m, p) => (method === undefined || method === m.toUpperCase()) && regex.test(p) };
}
