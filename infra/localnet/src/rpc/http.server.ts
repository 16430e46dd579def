import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RpcDispatcher } from './rpc-dispatcher';

export const MAX_BODY_BYTES = 1024 * 1024;

function reply(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const TOO_LARGE = JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Request too large' } });

function handle(dispatcher: RpcDispatcher, req: IncomingMessage, res: ServerResponse): void {
  if (req.method === 'GET' && req.url === '/health') return reply(res, 200, '"ok"');
  if (req.method !== 'POST') return reply(res, 405, JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Use POST' } }));
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    reply(res, 413, TOO_LARGE);
    req.resume();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let aborted = false;
  req.on('data', (chunk: Buffer) => {
    if (aborted) return;
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      aborted = true;
      chunks.length = 0;
      reply(res, 413, TOO_LARGE);
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (aborted) return;
    dispatcher
      .handleText(Buffer.concat(chunks).toString('utf8'))
      .then((body) => reply(res, 200, body))
      .catch(() => reply(res, 500, JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32603, message: 'Internal error' } })));
  });
  req.on('error', () => res.destroy());
}

/** Serves JSON-RPC over HTTP POST; resolves to the bound server once listening. */
export function startHttpServer(dispatcher: RpcDispatcher, host: string, port: number): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => handle(dispatcher, req, res));
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({ server, port: (server.address() as AddressInfo).port });
    });
  });
}
