import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { peerMint, peerPaymentId, peerVerify } from './px402-token.peer';

/** Where the peer server learns about settlements (its subscriber). */
export interface PeerPaymentIndex {
  lookup(clientRefId: string): { amount: bigint; signature: string } | undefined;
}

export interface PeerServerOptions {
  /** Price per path in micro-USDC. */
  readonly pricing: Readonly<Record<string, string>>;
  readonly paymentAddress: string;
  /** Signing secret first, then any still accepted. */
  readonly secrets: readonly string[];
  readonly index: PeerPaymentIndex;
  readonly tokenTtlMs?: number;
  readonly now?: () => number;
}

export interface PeerServer {
  readonly url: string;
  stop(): Promise<void>;
}

const TTL_MS = 5 * 60 * 1000;

/**
 * A px402 resource server as its wire format describes it (PROTOCOLS.md §4), for interop tests:
 * first quote `402 {error:"payment_required", reason:"initial", …}` with the quote headers,
 * pending as a bare `402 {error:"payment_pending"}`, `reason:"expired"` with a fresh quote,
 * 401 `{error:…}` for a bad token, `amount_mismatch` below 99 % of the price, 409 `replay` for a
 * settlement signature already used, 200 with `X-Payment-Signature`. Paths lose a trailing `/`.
 */
export async function startPeerServer(o: PeerServerOptions): Promise<PeerServer> {
  const now = o.now ?? Date.now;
  const used = new Set<string>();
  const signing = o.secrets[0] ?? '';

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const quote = (res: ServerResponse, path: string, amount: string, reason: 'initial' | 'expired'): void => {
    const paymentId = peerPaymentId();
    const expiry = now() + (o.tokenTtlMs ?? TTL_MS);
    const token = peerMint({ paymentId, amount, expiry, path, destination: o.paymentAddress }, signing);
    send(
      res,
      402,
      { error: 'payment_required', reason, amount, currency: 'USDC', network: 'solana-per', destination: o.paymentAddress, paymentId, expiry },
      {
        'X-Payment-Amount': amount,
        'X-Payment-Currency': 'USDC',
        'X-Payment-Network': 'solana-per',
        'X-Payment-Address': o.paymentAddress,
        'X-Payment-Id': paymentId,
        'X-Payment-Token': token,
      },
    );
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const raw = new URL(req.url ?? '/', 'http://peer').pathname;
    const path = raw.length > 1 && raw.endsWith('/') ? raw.slice(0, -1) : raw;
    const price = o.pricing[path];
    if (price === undefined) return send(res, 404, { error: 'not_found' });
    const id = req.headers['x-payment-id'];
    const token = req.headers['x-payment-token'];
    if (typeof id !== 'string' || typeof token !== 'string') return quote(res, path, price, 'initial');
    const verdict = peerVerify(token, o.secrets, now());
    if (!verdict.ok) return verdict.why === 'expired' ? quote(res, path, price, 'expired') : send(res, 401, { error: 'invalid_token' });
    const c = verdict.claims;
    if (c.paymentId !== id) return send(res, 401, { error: 'payment_id_mismatch' });
    if (c.path !== path) return send(res, 401, { error: 'path_mismatch' });
    if (c.amount !== price) return send(res, 401, { error: 'amount_changed' });
    if (c.destination !== o.paymentAddress) return send(res, 401, { error: 'destination_mismatch' });
    const found = o.index.lookup(id);
    if (!found) return send(res, 402, { error: 'payment_pending' });
    // px402 accepts at least 99 % of the price: the payments API keeps a fee of the amount.
    if (found.amount * 100n < BigInt(c.amount) * 99n) return send(res, 402, { error: 'amount_mismatch', expected: c.amount, actual: found.amount.toString() });
    if (used.has(found.signature)) return send(res, 409, { error: 'replay' });
    used.add(found.signature);
    send(res, 200, { ok: true, path }, { 'X-Payment-Signature': found.signature });
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
