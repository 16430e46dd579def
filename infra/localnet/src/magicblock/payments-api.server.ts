import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { AuthSessions } from './auth.sessions';
import { badRequest, PaymentsApiError, type PaymentsErrorBody } from './payments-api.errors';
import {
  parseAmountBody,
  parseChallengeQuery,
  parseEnsureCrank,
  parseLogin,
  parseMintQuery,
  parseTransferRequest,
  type Parsed,
} from './payments-api.validation';
import type { PaymentsService } from './payments.service';
import type { TransferQueueCrank } from './transfer-queue.crank';

export interface PaymentsApiDeps {
  service: PaymentsService;
  auth: AuthSessions;
  crank: TransferQueueCrank;
  maxBodyBytes: number;
  maxDelayMs: number;
}

function unwrap<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

function sendError(res: Response, err: PaymentsApiError): void {
  const body: PaymentsErrorBody = { error: err.code, message: err.message };
  res.status(err.status).json(body);
}

/** Wraps a handler so every throw (sync or async) becomes a typed JSON error, never a crash. */
function route(handler: (req: Request) => unknown) {
  return (req: Request, res: Response, next: NextFunction): void => {
    Promise.resolve()
      .then(() => handler(req))
      .then((body) => res.json(body))
      .catch(next);
  };
}

/** Body-parser failures carry an HTTP status and a `type`; map them to our codes. */
function toApiError(err: unknown): PaymentsApiError {
  if (err instanceof PaymentsApiError) return err;
  const e = err as { status?: unknown; type?: unknown; message?: unknown };
  if (e.type === 'entity.too.large') return new PaymentsApiError(413, 'payload_too_large', 'request body too large');
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
    return new PaymentsApiError(415, 'unsupported_media_type', 'unsupported body encoding');
  }
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return new PaymentsApiError(e.status, 'invalid_request', typeof e.message === 'string' ? e.message : 'bad request');
  }
  return new PaymentsApiError(500, 'internal_error', 'internal error');
}

/** The `/v1/spl/...` routes of the MagicBlock payments API stand-in. */
export function createPaymentsApp(deps: PaymentsApiDeps): express.Express {
  const { service, auth } = deps;
  // Localnet clients written before the real API dropped the bearer on these routes still send it.
  const optionalBearer = (header: string | undefined) => (header === undefined ? undefined : auth.authenticate(header));
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: deps.maxBodyBytes, strict: true }));
  const spl = express.Router();

  spl.post(
    '/transfer',
    route((req) => service.transfer(unwrap(parseTransferRequest(req.body, deps.maxDelayMs)))),
  );
  spl.get(
    '/is-mint-initialized',
    route((req) => service.isMintInitialized(unwrap(parseMintQuery(req.query)))),
  );
  spl.post(
    '/transfer-queue/ensure-crank',
    route(async (req) => {
      unwrap(parseEnsureCrank(req.body));
      return service.ensureCrank();
    }),
  );
  // Localnet-only introspection (not in the real API): lets tests see the crank's idle state.
  spl.get(
    '/transfer-queue/status',
    route(() => deps.crank.status()),
  );
  spl.get(
    '/challenge',
    route((req) => auth.issueChallenge(unwrap(parseChallengeQuery(req.query)).pubkey)),
  );
  spl.post(
    '/login',
    route((req) => {
      const { pubkey, challenge, signature } = unwrap(parseLogin(req.body));
      return { ...auth.login(pubkey, challenge, signature), pubkey: pubkey.toBase58() };
    }),
  );
  // As on the real API: deposit and balance need no bearer token (the owner signs the deposit
  // transaction; a base balance is public), withdraw and private-balance do.
  spl.post(
    '/deposit',
    route((req) => {
      const body = unwrap(parseAmountBody(req.body));
      const owner = body.owner ?? optionalBearer(req.get('authorization'));
      if (!owner) throw badRequest('invalid_request', 'owner: required');
      return service.deposit(owner, service.mintOrDefault(body.mint), body.amount);
    }),
  );
  spl.post(
    '/withdraw',
    route((req) => {
      const owner = auth.authenticate(req.get('authorization'));
      const body = unwrap(parseAmountBody(req.body));
      if (body.owner && !body.owner.equals(owner)) throw new PaymentsApiError(403, 'unauthorized', 'owner is not the logged-in wallet');
      return service.withdraw(owner, service.mintOrDefault(body.mint), body.amount);
    }),
  );
  spl.get(
    '/balance',
    route((req) => {
      const q = unwrap(parseMintQuery(req.query));
      const owner = q.address ?? optionalBearer(req.get('authorization'));
      if (!owner) throw badRequest('invalid_request', 'address: required');
      return service.balance(owner, q.mint);
    }),
  );
  spl.get(
    '/private-balance',
    route((req) => {
      const owner = auth.authenticate(req.get('authorization'));
      const q = unwrap(parseMintQuery(req.query));
      if (q.address && !q.address.equals(owner)) throw new PaymentsApiError(403, 'unauthorized', 'address is not the logged-in wallet');
      return service.privateBalance(owner, q.mint);
    }),
  );

  app.use('/v1/spl', spl);
  app.use((_req: Request, res: Response) => sendError(res, new PaymentsApiError(404, 'not_found', 'no such route')));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => sendError(res, toApiError(err)));
  return app;
}

export async function listen(app: express.Express, host: string, port: number): Promise<{ server: Server; url: string }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => {
      if (err) return reject(err);
      const { port: bound } = server.address() as AddressInfo;
      resolve({ server, url: `http://${host}:${bound}` });
    });
    server.once('error', reject);
  });
}
