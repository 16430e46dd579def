import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { PubsubSignatureWakeups } from './signature-notifications.adapter';

// The adapter against a small in-process PubSub peer speaking Solana's wire (subscribe answers a
// number, a notification names the subscription, unsubscribe by number): what it subscribes, when a
// sleep ends, what it cleans up, and that a dropped socket re-subscribes what is still watched.

interface Request {
  readonly id: number;
  readonly method: string;
  readonly params: unknown[];
}

class FakePubsub {
  readonly server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  readonly requests: Request[] = [];
  private nextSub = 100;
  private readonly subs = new Map<string, { sub: number; socket: WebSocket }>();
  private readonly waiting: { match: (r: Request) => boolean; resolve: () => void }[] = [];

  constructor() {
    this.server.on('connection', (socket) => {
      socket.on('message', (raw) => {
        const request = JSON.parse(String(raw)) as Request;
        this.requests.push(request);
        if (request.method === 'signatureSubscribe') {
          const sub = this.nextSub++;
          this.subs.set(String(request.params[0]), { sub, socket });
          socket.send(JSON.stringify({ jsonrpc: '2.0', id: request.id, result: sub }));
        } else socket.send(JSON.stringify({ jsonrpc: '2.0', id: request.id, result: true }));
        for (const w of this.waiting.splice(0)) {
          if (w.match(request)) w.resolve();
          else this.waiting.push(w);
        }
      });
    });
  }

  get url(): string {
    const address = this.server.address();
    return `ws://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  }

  received(match: (r: Request) => boolean): Promise<void> {
    if (this.requests.some(match)) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ match, resolve }));
  }

  subscriptionOf(signature: string): number | undefined {
    return this.subs.get(signature)?.sub;
  }

  notify(signature: string): void {
    const s = this.subs.get(signature);
    if (s === undefined) throw new Error(`${signature} not subscribed`);
    s.socket.send(
      JSON.stringify({
        jsonrpc: '2.0',
        method: 'signatureNotification',
        params: { result: { context: { slot: 5 }, value: { err: null } }, subscription: s.sub },
      }),
    );
  }

  dropConnections(): void {
    for (const client of this.server.clients) client.terminate();
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const subscribed = (signature: string) => (r: Request) => r.method === 'signatureSubscribe' && r.params[0] === signature;
const HOUR = 3_600_000;

let peer: FakePubsub;
let wakeups: PubsubSignatureWakeups;

beforeEach(async () => {
  peer = new FakePubsub();
  await new Promise((resolve) => peer.server.once('listening', resolve));
  wakeups = new PubsubSignatureWakeups(peer.url, pino({ level: 'silent' }), 10);
});
afterEach(async () => {
  wakeups.stop();
  await peer.close();
});

/** Waits (bounded by attempts) until the watch's subscription is acknowledged. */
async function untilLive(watch: { live: boolean }): Promise<void> {
  for (let attempt = 0; attempt < 500 && !watch.live; attempt++) await new Promise((r) => setTimeout(r, 5));
  expect(watch.live).toBe(true);
}

describe('PubsubSignatureWakeups', () => {
  it('subscribes at confirmed and ends a sleep when the notification comes', async () => {
    const watch = wakeups.watch('sigA');
    await peer.received(subscribed('sigA'));
    expect(peer.requests[0]?.params).toEqual(['sigA', { commitment: 'confirmed' }]);
    await untilLive(watch);
    const sleeping = watch.sleep(HOUR);
    peer.notify('sigA');
    await sleeping;
    // The node ends a signature subscription after its notification: nothing left to unsubscribe.
    expect(watch.live).toBe(false);
    watch.close();
  });

  it('keeps a notification that came between sleeps for the next sleep, once', async () => {
    const watch = wakeups.watch('sigB');
    await untilLive(watch);
    peer.notify('sigB');
    for (let attempt = 0; attempt < 500 && watch.live; attempt++) await new Promise((r) => setTimeout(r, 5));
    await watch.sleep(HOUR);
    const second = await Promise.race([watch.sleep(20).then(() => 'timer'), new Promise((r) => setTimeout(() => r('stuck'), 2_000))]);
    expect(second).toBe('timer');
    watch.close();
  });

  it('unsubscribes a watch closed before its notification, and one closed before its subscription was acknowledged', async () => {
    const late = wakeups.watch('sigD');
    await untilLive(late);
    // The socket is open: the subscribe goes out now, its answer comes after the close.
    const early = wakeups.watch('sigC');
    early.close();
    late.close();
    await peer.received((r) => r.method === 'signatureUnsubscribe' && r.params[0] === peer.subscriptionOf('sigD'));
    await peer.received((r) => r.method === 'signatureUnsubscribe' && r.params[0] === peer.subscriptionOf('sigC'));
  });

  it('never subscribes a watch closed before the socket opened', async () => {
    wakeups.watch('sigG').close();
    const other = wakeups.watch('sigH');
    await untilLive(other);
    expect(peer.requests.filter(subscribed('sigG'))).toEqual([]);
    other.close();
  });

  it('a close ends a sleep under way (the confirmer never hangs on a watch it dropped)', async () => {
    const watch = wakeups.watch('sigE');
    const sleeping = watch.sleep(HOUR);
    watch.close();
    await sleeping;
  });

  it('re-subscribes what is still watched after the socket drops, and is not live meanwhile', async () => {
    const watch = wakeups.watch('sigF');
    await untilLive(watch);
    const before = peer.requests.filter(subscribed('sigF')).length;
    peer.dropConnections();
    for (let attempt = 0; attempt < 500 && peer.requests.filter(subscribed('sigF')).length === before; attempt++) await new Promise((r) => setTimeout(r, 5));
    expect(peer.requests.filter(subscribed('sigF'))).toHaveLength(before + 1);
    await untilLive(watch);
    const sleeping = watch.sleep(HOUR);
    peer.notify('sigF');
    await sleeping;
    watch.close();
  });
});
