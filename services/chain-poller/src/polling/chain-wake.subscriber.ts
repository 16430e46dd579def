import type { Logger } from 'pino';
import WebSocket from 'ws';

/** How long to wait before reconnecting a dropped notification socket (polling carries on meanwhile). */
const RECONNECT_MS = 2_000;

interface WakeMessage {
  readonly id?: number;
  readonly result?: unknown;
  readonly error?: { readonly message?: string };
  readonly method?: string;
  readonly params?: {
    readonly subscription?: unknown;
    readonly result?: {
      readonly context?: { readonly slot?: unknown };
      readonly value?: { readonly signature?: unknown; readonly err?: unknown; readonly logs?: unknown };
    };
  };
}

/** One transaction on a watched address, as its logs notification told it (at the subscriber's commitment). */
export interface ChainNotice {
  readonly address: string;
  readonly signature: string;
  readonly slot: number | undefined;
  readonly failed: boolean;
  readonly logs: readonly string[];
}

/**
 * Tells the poller as soon as the chain reports a transaction that mentions a watched transfer
 * queue (`logsSubscribe` with `mentions`, at the poller's commitment), so a settlement is indexed
 * as soon as it confirms instead of up to POLL_INTERVAL_MS later. `onNotice(notice)` carries the
 * notified transaction; `onNotice(undefined)` means "(re)subscribed: something may have landed
 * while the socket was down, look now". The poll stays the source of truth (a missed or duplicated
 * notification costs latency, never a payment), and a dropped socket reconnects while the timer
 * keeps polling.
 *
 * @example
 * const wake = new ChainWakeSubscriber('ws://127.0.0.1:8900', [queue], 'confirmed', (n) => loop.onNotice(n), logger);
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
    private readonly onNotice: (notice: ChainNotice | undefined) => void,
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
    const addressOf = new Map<unknown, string>();
    socket.on('open', () => {
      this.addresses.forEach((address, k) => {
        const params = [{ mentions: [address] }, { commitment: this.commitment }];
        socket.send(JSON.stringify({ jsonrpc: '2.0', id: k + 1, method: 'logsSubscribe', params }));
      });
    });
    socket.on('message', (raw: WebSocket.RawData) => {
      const message = parse(raw);
      if (message?.method === 'logsNotification') return this.notify(message, addressOf);
      if (message?.id === undefined || !pending.delete(message.id)) return;
      const address = this.addresses[message.id - 1];
      if (address !== undefined && !message.error) addressOf.set(message.result, address);
      if (message.error) this.logger.warn({ err: message.error.message }, 'logsSubscribe refused; polling only');
      if (pending.size === 0 && !message.error) {
        this.connected = true;
        // Something may have landed while the socket was down: look once now.
        this.logger.info({ addresses: this.addresses }, 'chain notifications subscribed');
        this.onNotice(undefined);
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

  private notify(message: WakeMessage, addressOf: ReadonlyMap<unknown, string>): void {
    const address = addressOf.get(message.params?.subscription);
    const value = message.params?.result?.value;
    const slot = message.params?.result?.context?.slot;
    const logs = Array.isArray(value?.logs) ? value.logs.filter((l): l is string => typeof l === 'string') : [];
    if (address === undefined || typeof value?.signature !== 'string') return this.onNotice(undefined);
    this.onNotice({
      address,
      signature: value.signature,
      slot: typeof slot === 'number' ? slot : undefined,
      failed: value.err !== null && value.err !== undefined,
      logs,
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
