import type { Attributes } from '@opentelemetry/api';

// Attribute keys that could carry a credential if an instrumentation or a future hook ever
// records one (captured headers, connection strings). `signature` is deliberately absent: a
// transaction signature is public and is what operators search traces by.
const SECRET_KEY = /authorization|cookie|api[._-]?key|token|secret|password|passphrase|private[._-]?key|keypair|seed|credential/i;
// URL-valued attributes keep scheme, host and path; the query (API keys of RPC providers,
// `?token=` links) is cut, and so is userinfo (`redis://user:pass@host`).
const URL_KEYS = new Set(['http.url', 'http.target', 'url.full', 'db.connection_string', 'server.url']);
const DROPPED_KEYS = new Set(['url.query']);

export const REDACTED = '[redacted]';

function redactUrl(value: string): string {
  const withoutQuery = value.split(/[?#]/, 1)[0] ?? '';
  return withoutQuery.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}

/**
 * A copy of `attributes` that is safe to export: secret-looking keys redacted, URL queries and
 * credentials removed. Returns the same object when nothing needed changing.
 *
 * @example
 * redactAttributes({ 'http.target': '/sessions/s1?api_key=k' }) // { 'http.target': '/sessions/s1' }
 */
export function redactAttributes(attributes: Attributes): Attributes {
  let changed = false;
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (DROPPED_KEYS.has(key)) {
      changed = true;
      continue;
    }
    if (SECRET_KEY.test(key)) {
      out[key] = REDACTED;
      changed = true;
    } else if (URL_KEYS.has(key) && typeof value === 'string') {
      const clean = redactUrl(value);
      changed ||= clean !== value;
      out[key] = clean;
    } else {
      out[key] = value;
    }
  }
  return changed ? out : attributes;
}
