import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import { Params } from './params.parser';
import { invalidParams, RPC, RpcError } from './rpc-error';
import type { RpcContext } from './rpc-context';
import { SubscriptionHub, type SubKind } from './ws-subscriptions';
import type { CommitmentLevel } from '../chain/local-chain';
import { MAX_BODY_BYTES } from './http.server';

const COMMITMENTS = ['processed', 'confirmed', 'finalized'] as const;
const UNSUBSCRIBE: Record<string, SubKind> = {
  signatureUnsubscribe: 'signature',
  accountUnsubscribe: 'account',
  logsUnsubscribe: 'logs',
  slotUnsubscribe: 'slot',
};

function subscribe(hub: SubscriptionHub, socket: WebSocket, method: string, p: Params): number {
  switch (method) {
    case 'signatureSubscribe': {
      const signature = p.signature(0);
      const level: CommitmentLevel = p.config(1).oneOf('commitment', COMMITMENTS, 'finalized');
      return hub.add({ kind: 'signature', socket, signature, level });
    }
    case 'accountSubscribe': {
      const key = p.pubkey(0);
      return hub.add({ kind: 'account', socket, key, address: key.toBase58(), config: p.config(1) });
    }
    case 'logsSubscribe': {
      const filter = p.raw(0);
      // Like signatureSubscribe, a validator defaults to `finalized` when no commitment is given.
      const level: CommitmentLevel = p.config(1).oneOf('commitment', COMMITMENTS, 'finalized');
      if (filter === 'all' || filter === 'allWithVotes') return hub.add({ kind: 'logs', socket, mentions: null, level });
      const mentions = typeof filter === 'object' && filter !== null ? (filter as Record<string, unknown>)['mentions'] : undefined;
      if (!Array.isArray(mentions) || mentions.length !== 1) throw invalidParams('Invalid Request: Only 1 address supported');
      return hub.add({ kind: 'logs', socket, mentions: new Params(mentions).pubkey(0).toBase58(), level });
    }
    case 'slotSubscribe':
      return hub.add({ kind: 'slot', socket });
    default:
      throw new RpcError(RPC.METHOD_NOT_FOUND, 'Method not found');
  }
}

function onMessage(hub: SubscriptionHub, socket: WebSocket, raw: RawData): void {
  let id: string | number | null = null;
  const reply = (payload: object): void => socket.send(JSON.stringify({ jsonrpc: '2.0', id, ...payload }));
  let req: unknown;
  try {
    req = JSON.parse(raw.toString());
  } catch {
    return reply({ error: { code: RPC.PARSE, message: 'Parse error' } });
  }
  if (typeof req !== 'object' || req === null || Array.isArray(req)) return reply({ error: { code: RPC.INVALID_REQUEST, message: 'Invalid request' } });
  const r = req as Record<string, unknown>;
  id = typeof r['id'] === 'number' || typeof r['id'] === 'string' ? r['id'] : null;
  const method = r['method'];
  if (typeof method !== 'string') return reply({ error: { code: RPC.INVALID_REQUEST, message: 'Invalid request' } });
  try {
    const p = Params.from(r['params']);
    const kind = UNSUBSCRIBE[method];
    if (kind !== undefined) {
      if (!hub.remove(p.uint(0, 'a subscription id'), kind, socket)) throw invalidParams('Invalid subscription id.');
      return reply({ result: true });
    }
    return reply({ result: subscribe(hub, socket, method, p) });
  } catch (e) {
    if (e instanceof RpcError) return reply({ error: { code: e.code, message: e.message } });
    return reply({ error: { code: RPC.INTERNAL, message: 'Internal error' } });
  }
}

/** The PubSub WebSocket endpoint (signature/account/logs/slot subscriptions). */
export function attachWsServer(server: Server, ctx: RpcContext): { hub: SubscriptionHub; wss: WebSocketServer } {
  const hub = new SubscriptionHub(ctx);
  const wss = new WebSocketServer({ server, maxPayload: MAX_BODY_BYTES });
  wss.on('connection', (socket) => {
    socket.on('message', (raw) => onMessage(hub, socket, raw));
    socket.on('close', () => hub.dropSocket(socket));
    socket.on('error', () => hub.dropSocket(socket));
  });
  return { hub, wss };
}
