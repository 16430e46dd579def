import type { PrivatePaymentEvent, SettlementEvent } from './api';

export type LiveEvent = SettlementEvent | PrivatePaymentEvent;
export type StreamState = 'connecting' | 'live' | 'retrying' | 'refused';

const KINDS = new Set(['settlement.settled', 'settlement.failed', 'private.payment.observed']);
const RETRY_MS = 3000;

/**
 * Follows GET /admin/v1/events. EventSource cannot send an Authorization header, so this reads the
 * stream with fetch and parses the server-sent-events framing itself; after a drop it reconnects
 * with Last-Event-ID so the server resumes from JetStream without a gap. Returns a stop function.
 */
export function followEvents(key: string, onEvent: (e: LiveEvent) => void, onState: (s: StreamState) => void): () => void {
  let stopped = false;
  let lastId: string | undefined;
  let abort: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const dispatch = (block: string) => {
    const fields: Record<string, string> = {};
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue; // comment (keepalive, subscribed)
      const at = line.indexOf(':');
      if (at <= 0) continue;
      const value = line.slice(at + 1).replace(/^ /, '');
      const name = line.slice(0, at);
      fields[name] = name === 'data' && fields['data'] !== undefined ? `${fields['data']}\n${value}` : value;
    }
    if (fields['id'] !== undefined) lastId = fields['id'];
    const kind = fields['event'];
    const data = fields['data'];
    if (kind === undefined || data === undefined || !KINDS.has(kind)) return;
    try {
      onEvent({ ...(JSON.parse(data) as LiveEvent), kind } as LiveEvent);
    } catch {
      // A malformed event is skipped; the lists reload from the API anyway.
    }
  };

  const connect = async () => {
    abort = new AbortController();
    onState(lastId === undefined ? 'connecting' : 'retrying');
    try {
      const headers: Record<string, string> = { authorization: `Bearer ${key}`, accept: 'text/event-stream' };
      if (lastId !== undefined) headers['last-event-id'] = lastId;
      const res = await fetch('/admin/v1/events', { headers, signal: abort.signal, cache: 'no-store' });
      if (res.status === 401) return onState('refused');
      if (!res.ok || res.body === null) throw new Error(`events answered ${res.status}`);
      onState('live');
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += value.replace(/\r\n?/g, '\n');
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // fall through to the retry below
    }
    if (stopped) return;
    onState('retrying');
    timer = setTimeout(() => void connect(), RETRY_MS);
  };

  void connect();
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    abort?.abort();
  };
}
