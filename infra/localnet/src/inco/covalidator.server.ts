/**
 * HTTP stand-in for Inco's covalidator.
 *   POST /crypto/getDecryptAttested  {handle, address, signature} → {plaintext, signature, handle_value}
 *   GET  /keys    → {teePublicKey (hex, 65-byte uncompressed secp256k1), attestationPublicKey (base58 ed25519),
 *                    attestationPublicKeyHex}: what services need to encrypt inputs and verify attestations
 *   GET  /health  → "ok"
 * Every error is plain text; malformed or oversized bodies are 400/413, never a crash.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import bs58 from 'bs58';
import type { AttestedDecryptDeps } from './attested-decrypt.usecase';
import { attestedDecrypt } from './attested-decrypt.usecase';

export interface CovalidatorServerDeps extends AttestedDecryptDeps {
  teePublicKey: () => Uint8Array;
  attestationPublicKey: () => Uint8Array;
  bodyLimit: string;
}

export function createCovalidatorApp(deps: CovalidatorServerDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', (_req, res) => {
    res.type('text/plain').send('ok');
  });
  app.get('/keys', (_req, res) => {
    res.json({
      teePublicKey: Buffer.from(deps.teePublicKey()).toString('hex'),
      attestationPublicKey: bs58.encode(deps.attestationPublicKey()),
      attestationPublicKeyHex: Buffer.from(deps.attestationPublicKey()).toString('hex'),
    });
  });
  // Any content type is parsed as JSON: the SDK sends application/json, curl users often do not.
  app.post('/crypto/getDecryptAttested', express.json({ limit: deps.bodyLimit, type: () => true }), (req, res) => {
    const outcome = attestedDecrypt(req.body as unknown, deps);
    if (outcome.ok) res.json(outcome.body);
    else res.status(outcome.status).type('text/plain').send(outcome.message);
  });
  app.use((_req: Request, res: Response) => {
    res.status(404).type('text/plain').send('Not found');
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number' ? err.status : 500;
    const message = status === 413 ? 'Request body too large' : status === 400 ? 'Invalid JSON body' : 'Internal error';
    res.status(status).type('text/plain').send(message);
  });
  return app;
}

export async function listenCovalidator(app: express.Express, host: string, port: number): Promise<{ server: Server; url: string }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('error', reject);
    server.once('listening', () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({ server, url: `http://${host}:${bound}` });
    });
  });
}
