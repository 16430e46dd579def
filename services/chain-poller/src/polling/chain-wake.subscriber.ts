import type { Logger } from 'pino';
import WebSocket from 'ws';

/** How long to wait before reconnecting a dropped notification socket (polling carries on meanwhile). */
const RECONNECT_MS = 2_000;

interface WakeMessage {
  readonly id?: number;
  readonly result?: unknown;
  readonly error?: { readonly message?: string };
  readonly method?: string;
}

/**
 * Wakes the poller as soon as the chain reports a transaction that mentions a watched transfer
 * queue (`logsSubscribe` with `mentions`, at the poller's commitment), so a settlement is indexed
 * about one slot after it confirms instead of up to POLL_INTERVAL_MS later. It only says "look now":
 * the poll stays the source of truth (a missed or duplicated notification costs latency, never a
 * payment), and a dropped socket reconnects while the timer keeps polling.
 *
 * @example
 * const wake = new ChainWakeSubscriber('ws://127.0.0.1:8900', [queue], 'confirmed', () => loop.wake(), logger);
 * wake.start();
 */
export class ChainWakeSubscriber {
  private socket: WebSocket | undefined;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;
  private connected = true;

  constructor(
    private readonly url: string,
    private readonly addresses: readonly string[],
    private readonly commitment: string,
    private readonly onWake: () => void,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.addresses.length > 0) this.connect();
  }

  stop(): void {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.socket?.close();
  }

  private connect(): void {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    const pending = new Set(this.addresses.map((_, k) => k + 1));
    socket.on('open', () => {
      this.addresses.forEach((address, k) => {
        const params = [{ mentions: [address] }, { commitment: this.commitment }];
        socket.send(JSON.stringify({ jsonrpc: '2.0', id: k + 1, method: 'logsSubscribe', params }));
      });
    });
    socket.on('message', (raw: WebSocket.RawData) => {
      const message = parse(raw);
      if (message?.method === 'logsNotification') return this.onWake();
      if (message?.id === undefined || !pending.delete(message.id)) return;
      if (message.error) this.logger.warn({ err: message.error.message }, 'logsSubscribe refused; polling only');
      if (pending.size === 0 && !message.error) {
        this.connected = true;
        // Something may have landed while the socket was down: look once now.
        this.logger.info({ addresses: this.addresses }, 'chain notifications subscribed');
        this.onWake();
      }
    });
    socket.on('error', (err: Error) => {
      // 'close' follows; logged once per outage, not per retry.
      if (this.connected) this.logger.warn({ err: err.message, url: this.url }, 'chain notifications unavailable; polling only until they return');
      this.connected = false;
    });
    socket.on('close', () => {
      if (!this.closed) this.retry = setTimeout(() => this.connect(), RECONNECT_MS);
    });
  }
}

function parse(raw: WebSocket.RawData): WakeMessage | undefined {
  try {
    const value: unknown = JSON.parse(raw.toString());
    return typeof value === 'object' && value !== null ? (value as WakeMessage) : undefined;
  } catch {
    return undefined;
  }
}
