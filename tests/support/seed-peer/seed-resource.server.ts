import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeedResourceServerOptions {
  readonly facilitatorUrl: string;
  /** CAIP-2 or the seed's `solana:devnet`, as the README's requirements name it. */
  readonly network: string;
  readonly asset: string;
  readonly payTo: string;
  /** Base units per call. */
  readonly amount: string;
}

export interface SeedResourceServer {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * The resource server of the seed's README ("if you control the API directly"), played from its
 * text: without PAYMENT-SIGNATURE, 402 `{x402Version: 2, accepts}` in the body and the
 * PAYMENT-REQUIRED header; with one, it decodes it and POSTs `{paymentPayload, paymentRequirements:
 * payload.accepted}` (no top-level x402Version) to the facilitator's /settle; `success` → 200,
 * otherwise 402 `{error: "settle_failed", details}` with PAYMENT-RESPONSE.
 */
export async function startSeedResourceServer(options: SeedResourceServerOptions): Promise<SeedResourceServer> {
  const accepts = [
    {
      scheme: 'session',
      network: options.network,
      asset: options.asset,
      amount: options.amount,
      payTo: options.payTo,
      maxTimeoutSeconds: 60,
      extra: { facilitatorUrl: options.facilitatorUrl, per: 'message' },
    },
  ];
  const server: Server = createServer((req, res) => {
    const sigHeader = req.headers['payment-signature'];
    if (typeof sigHeader !== 'string') {
      const body = JSON.stringify({ x402Version: 2, accepts });
      res.writeHead(402, { 'content-type': 'application/json', 'PAYMENT-REQUIRED': Buffer.from(body).toString('base64') }).end(body);
      return;
    }
    void (async () => {
      const payload = JSON.parse(Buffer.from(sigHeader, 'base64').toString()) as { accepted: unknown };
      const settle = (await fetch(`${options.facilitatorUrl}/settle`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ paymentPayload: payload, paymentRequirements: payload.accepted }),
      }).then((r) => r.json())) as { success?: boolean };
      if (!settle.success) {
        res
          .writeHead(402, { 'content-type': 'application/json', 'PAYMENT-RESPONSE': Buffer.from(JSON.stringify(settle)).toString('base64') })
          .end(JSON.stringify({ error: 'settle_failed', details: settle }));
        return;
      }
      res
        .writeHead(200, { 'content-type': 'application/json', 'PAYMENT-RESPONSE': Buffer.from(JSON.stringify(settle)).toString('base64') })
        .end(JSON.stringify({ reply: 'you paid ✓' }));
    })().catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
