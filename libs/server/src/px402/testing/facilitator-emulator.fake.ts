import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface EmulatedSettlement {
  readonly amount: string;
  readonly recipient: string;
  readonly signature: string;
  readonly mint?: string;
}

/**
 * Integration-test peer: a real HTTP server answering the gateway's
 * `GET /private/payments/:paymentId?recipient=` the way the facilitator will.
 */
export class FacilitatorEmulator {
  readonly settlements = new Map<string, EmulatedSettlement>();
  /** When set, every request is answered with this status and a non-JSON body. */
  failStatus: number | undefined;
  private server: Server | undefined;

  async start(): Promise<string> {
    const server = createServer((req, res) => this.answer(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/private\/payments\/([0-9]+)$/.exec(url.pathname);
    if (this.failStatus !== undefined || match?.[1] === undefined) {
      res.writeHead(this.failStatus ?? 404, { 'content-type': 'text/plain' }).end('no');
      return;
    }
    const paymentId = match[1];
    const settled = this.settlements.get(paymentId);
    const body =
      settled === undefined || settled.recipient !== url.searchParams.get('recipient')
        ? { status: 'pending', paymentId }
        : {
            status: 'found',
            paymentId,
            amount: settled.amount,
            recipient: settled.recipient,
            mint: settled.mint ?? 'USDCmint1111111111111111111111111111111111',
            signature: settled.signature,
            slot: 1234,
          };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }
}
