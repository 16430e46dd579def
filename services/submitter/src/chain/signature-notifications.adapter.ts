import type { OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import WebSocket from 'ws';
import type { SignatureWakeups, SignatureWatch } from '../ports/signature-wakeups.port';

/** How long to wait before reconnecting a dropped socket (the confirmer polls at its short interval meanwhile). */
const RECONNECT_MS = 2_000;

interface PubsubMessage {
  readonly id?: number;
  readonly result?: unknown;
  readonly error?: { readonly message?: string };
  readonly method?: string;
  readonly params?: { readonly subscription?: number };
}

/** One watched signature: its subscription on the current socket and whoever sleeps on it. */
class Watch implements SignatureWatch {
  subscription: number | undefined;
  /** Notified since the last sleep began (consumed by the next sleep). */
  private notified = false;
  private wake: (() => void) | undefined;
  closed = false;

  constructor(
    readonly signature: string,
    private readonly onClose: (watch: Watch) => void,
  ) {}

  get live(): boolean {
    return this.subscription !== undefined;
  }

  notify(): void {
    this.subscription = undefined;
    this.notified = true;
    this.wake?.();
  }

  sleep(ms: number): Promise<void> {
    if (this.notified) {
      this.notified = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        this.notified = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.wake?.();
    this.onClose(this);
  }
}

/**
 * SignatureWakeups over the chain's PubSub WebSocket: one shared socket, a `signatureSubscribe` at
 * `confirmed` per watched signature (the node ends it after its one notification), unsubscribed
 * when the confirmer stops watching first. A dropped socket reconnects and re-subscribes what is
 * still watched; while it is down, watches are not `live` and the confirmer polls at its short
 * interval. Never a source of truth: see SignatureWakeups.
 *
 * @example
 * const wakeups = new PubsubSignatureWakeups('ws://127.0.0.1:8900', logger);
 * const confirmer = new TransactionConfirmer(chain, { pollMs: 300, notifiedPollMs: 2000 }, wakeups);
 */
export class PubsubSignatureWakeups implements SignatureWakeups, OnApplicationShutdown {
  private socket: WebSocket | undefined;
  private open = false;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;
  private healthy = true;
  private nextId = 1;
  private readonly watches = new Set<Watch>();
  /** Request id → the watch it subscribes (answers carry the subscription number). */
  private readonly requests = new Map<number, Watch>();
  private readonly bySubscription = new Map<number, Watch>();

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
    private readonly reconnectMs = RECONNECT_MS,
  ) {}

  watch(signature: string): SignatureWatch {
    if (this.socket === undefined && !this.stopped) this.connect();
    const watch = new Watch(signature, (w) => this.unwatch(w));
    this.watches.add(watch);
    if (this.open) this.subscribe(watch);
    return watch;
  }

  onApplicationShutdown(): void {
    this.stop();
  }

  /** Closes the socket for good (service shutdown); open watches fall back to polling. */
  stop(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.socket?.close();
  }

  private connect(): void {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.on('open', () => {
      this.open = true;
      if (!this.healthy) this.logger.info({ url: this.url }, 'signature notifications back');
      this.healthy = true;
      for (const watch of this.watches) this.subscribe(watch);
    });
    socket.on('message', (raw: WebSocket.RawData) => this.onMessage(parse(raw)));
    socket.on('error', (err: Error) => {
      // 'close' follows; logged once per outage, not per retry.
      if (this.healthy) this.logger.warn({ err: err.message, url: this.url }, 'signature notifications unavailable; confirming by polling until they return');
      this.healthy = false;
    });
    socket.on('close', () => {
      this.open = false;
      this.requests.clear();
      this.bySubscription.clear();
      for (const watch of this.watches) watch.subscription = undefined;
      this.socket = undefined;
      if (!this.stopped) this.retry = setTimeout(() => this.connect(), this.reconnectMs);
    });
  }

  private subscribe(watch: Watch): void {
    const id = this.nextId++;
    this.requests.set(id, watch);
    this.send({ jsonrpc: '2.0', id, method: 'signatureSubscribe', params: [watch.signature, { commitment: 'confirmed' }] });
  }

  private unwatch(watch: Watch): void {
    this.watches.delete(watch);
    if (watch.subscription === undefined) return;
    this.bySubscription.delete(watch.subscription);
    this.send({ jsonrpc: '2.0', id: this.nextId++, method: 'signatureUnsubscribe', params: [watch.subscription] });
    watch.subscription = undefined;
  }

  private onMessage(message: PubsubMessage | undefined): void {
    if (message === undefined) return;
    if (message.method === 'signatureNotification') {
      const subscription = message.params?.subscription;
      const watch = subscription === undefined ? undefined : this.bySubscription.get(subscription);
      if (subscription !== undefined) this.bySubscription.delete(subscription);
      watch?.notify();
      return;
    }
    if (message.id === undefined) return;
    const watch = this.requests.get(message.id);
    if (watch === undefined) return;
    this.requests.delete(message.id);
    if (typeof message.result !== 'number') {
      this.logger.warn({ err: message.error?.message, signature: watch.signature }, 'signatureSubscribe refused; polling for it');
      return;
    }
    // Stopped watching while the subscription was on its way: end it at once.
    if (watch.closed) {
      this.send({ jsonrpc: '2.0', id: this.nextId++, method: 'signatureUnsubscribe', params: [message.result] });
      return;
    }
    watch.subscription = message.result;
    this.bySubscription.set(message.result, watch);
  }

  private send(message: object): void {
    if (this.open) this.socket?.send(JSON.stringify(message));
  }
}

function parse(raw: WebSocket.RawData): PubsubMessage | undefined {
  try {
    const value: unknown = JSON.parse(raw.toString());
    return typeof value === 'object' && value !== null ? (value as PubsubMessage) : undefined;
  } catch {
    return undefined;
  }
}
