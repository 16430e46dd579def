import { readFileSync } from 'node:fs';

/** A typed refusal from the admin API (`{error, message}` and the HTTP status). */
export class AdminApiError extends Error {
  override readonly name = 'AdminApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface AdminTarget {
  /** e.g. http://127.0.0.1:4031 */
  readonly url: string;
  readonly key: string;
}

/**
 * Where the admin API is and the key to use: flags first, then QUIETPAY_ADMIN_URL and
 * QUIETPAY_ADMIN_KEY_FILE (preferred: a key on the command line shows in `ps` and shell history)
 * or QUIETPAY_ADMIN_KEY.
 */
export function adminTargetOf(flags: { url?: string; keyFile?: string }, env: NodeJS.ProcessEnv): AdminTarget {
  const url = flags.url ?? env['QUIETPAY_ADMIN_URL'] ?? 'http://127.0.0.1:4031';
  const keyFile = flags.keyFile ?? env['QUIETPAY_ADMIN_KEY_FILE'];
  const key = keyFile !== undefined ? readFileSync(keyFile, 'utf8').trim() : env['QUIETPAY_ADMIN_KEY'];
  if (key === undefined || key === '') throw new AdminApiError(0, 'no_admin_key', 'set QUIETPAY_ADMIN_KEY_FILE (or QUIETPAY_ADMIN_KEY, or --key-file)');
  return { url: url.replace(/\/+$/, ''), key };
}

/** The admin API over HTTP: JSON in, JSON out, every non-2xx as AdminApiError. */
export class AdminClient {
  constructor(private readonly target: AdminTarget) {}

  get<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    return this.call<T>('GET', `${path}${qs === '' ? '' : `?${qs}`}`);
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.call<T>('DELETE', path);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.target.url}/admin/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${this.target.key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new AdminApiError(0, 'unreachable', `cannot reach ${this.target.url}: ${(error as Error).message}`);
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? {} : JSON.parse(text);
    } catch {
      throw new AdminApiError(res.status, 'bad_answer', `${method} ${path} answered ${res.status} with non-JSON`);
    }
    if (!res.ok) {
      const e = parsed as { error?: string; message?: string };
      throw new AdminApiError(res.status, e.error ?? 'http_error', e.message ?? `HTTP ${res.status}`);
    }
    return parsed as T;
  }
}
