import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RpcDispatcher } from '../rpc/rpc-dispatcher';
import { startHttpServer } from '../rpc/http.server';

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Binds the HTTP RPC port and the WebSocket port right above it (clients such as web3.js's
 * Connection derive the WebSocket URL as port + 1). With port 0, retries ephemeral pairs.
 */
export async function listenRpcPair(dispatcher: RpcDispatcher, host: string, port: number): Promise<{ http: Server; ws: Server; port: number }> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const { server: http, port: bound } = await startHttpServer(dispatcher, host, port);
    const ws = createServer((_req, res) => {
      res.writeHead(426).end();
    });
    try {
      await listen(ws, host, bound + 1);
      return { http, ws, port: bound };
    } catch (e) {
      await close(http);
      if (port !== 0) throw e;
    }
  }
  throw new Error('could not bind an RPC/WebSocket port pair');
}
