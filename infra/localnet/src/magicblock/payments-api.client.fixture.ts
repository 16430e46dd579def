/** Tiny JSON client for the payments API in tests: status plus parsed body, never throws on 4xx. */
export interface ApiReply {
  status: number;
  json: Record<string, unknown>;
}

export function paymentsClient(base: string) {
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiReply> => {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.headers = { 'content-type': 'application/json', ...headers };
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await fetch(`${base}/v1/spl/${path}`, init);
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  return {
    get: (path: string, headers?: Record<string, string>) => call('GET', path, undefined, headers),
    post: (path: string, body: unknown, headers?: Record<string, string>) => call('POST', path, body, headers),
  };
}

export type PaymentsClient = ReturnType<typeof paymentsClient>;

/** Polls `probe` until it returns a value (the test timeout bounds the wait; no timing assertion). */
export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, everyMs = 50): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
