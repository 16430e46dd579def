import { issuesText, SupportedResponseMini } from '@quietpay/x402';
import * as z from 'zod/mini';
import { QuietpaySdkError } from '../errors/sdk.error';
import { type SessionKind, SessionKindExtraSchema, type SessionRecord, SessionRecordSchema } from './session-kind.schema';

/** A `fetch` with the standard signature, so tests and odd runtimes can supply their own. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** The body of `POST /sessions`. */
export interface OpenSessionRequest {
  readonly approveTx: string;
  readonly authMessage: string;
  readonly authSignature: string;
  readonly user: string;
  readonly sessionPublicKey: string;
  readonly nonce: string;
  /** Unsigned copy of the auth message's perCallLimit; the facilitator refuses it if it differs. */
  readonly perCallLimit?: string;
}

/** The body of `DELETE /sessions/:id`: the session key's proof (see `signSessionClose` in @quietpay/x402). */
export interface CloseSessionProof {
  readonly reason: string;
  readonly timestampUnix: number;
  /** base58 ed25519 signature by the session key over the close message. */
  readonly signature: string;
}

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

// zod/mini, not full zod: the facilitator client runs in the browser bundle.
const RecipientStatusSchema = z.object({ recipient: z.string(), registered: z.boolean() });

async function readJson<S extends z.ZodMiniType>(res: Response, schema: S, what: string): Promise<z.output<S>> {
  const text = await res.text();
  if (!res.ok) {
    throw new QuietpaySdkError(
      'facilitator_rejected',
      `${what}: HTTP ${res.status} ${text.slice(0, 300)}`,
      { status: res.status, body: text.slice(0, 2000) },
      res.status >= 500 || res.status === 429,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new QuietpaySdkError('facilitator_rejected', `${what}: answer is not JSON`, {}, false, { cause: err });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new QuietpaySdkError('facilitator_rejected', `${what}: unexpected answer: ${issuesText(parsed.error)}`);
  return parsed.data as z.output<S>;
}

async function call(fetchImpl: FetchLike, url: string, init: RequestInit | undefined, what: string): Promise<Response> {
  try {
    return await fetchImpl(url, init);
  } catch (err) {
    throw new QuietpaySdkError('facilitator_unreachable', `${what}: ${url} unreachable`, { url }, true, { cause: err });
  }
}

/**
 * The facilitator's HTTP API as the SDK uses it.
 *
 * @example
 * const facilitator = new FacilitatorClient('http://127.0.0.1:4021');
 * const kind = await facilitator.sessionKind();
 */
export class FacilitatorClient {
  readonly url: string;

  constructor(
    url: string,
    private readonly fetchImpl: FetchLike = (i, init) => globalThis.fetch(i, init),
  ) {
    this.url = trimSlash(url);
  }

  /** The v2 `session` kind from `/supported`; throws `scheme_not_supported` when absent. */
  async sessionKind(): Promise<SessionKind> {
    const res = await call(this.fetchImpl, `${this.url}/supported`, undefined, 'GET /supported');
    const supported = await readJson(res, SupportedResponseMini, 'GET /supported');
    const kind = supported.kinds.find((k) => k.x402Version === 2 && k.scheme === 'session');
    if (!kind) throw new QuietpaySdkError('scheme_not_supported', `${this.url} offers no x402 v2 session kind`);
    const extra = SessionKindExtraSchema.safeParse(kind.extra ?? {});
    if (!extra.success) throw new QuietpaySdkError('scheme_not_supported', `session kind extra is incomplete: ${issuesText(extra.error)}`);
    return { network: kind.network, extra: extra.data };
  }

  /** `POST <sessionsEndpoint>`: the facilitator checks, co-signs and submits the approve, then records the session. */
  async openSession(sessionsEndpoint: string, body: OpenSessionRequest): Promise<SessionRecord> {
    const url = this.resolve(sessionsEndpoint);
    const res = await call(
      this.fetchImpl,
      url,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      'POST /sessions',
    );
    return readJson(res, SessionRecordSchema, 'POST /sessions');
  }

  /** `GET /sessions/:id`; `session_unknown` on 404. */
  async session(sessionId: string, sessionsEndpoint = '/sessions'): Promise<SessionRecord> {
    const url = `${this.resolve(sessionsEndpoint)}/${encodeURIComponent(sessionId)}`;
    const res = await call(this.fetchImpl, url, undefined, 'GET /sessions/:id');
    if (res.status === 404) throw new QuietpaySdkError('session_unknown', `session ${sessionId} not found`, { sessionId });
    return readJson(res, SessionRecordSchema, 'GET /sessions/:id');
  }

  /**
   * `DELETE /sessions/:id`: the facilitator stops charging the session. Only the session key's
   * holder may close it, so the request carries that key's signed proof (401 without it).
   */
  async closeSession(sessionId: string, proof: CloseSessionProof, sessionsEndpoint = '/sessions'): Promise<SessionRecord> {
    const url = `${this.resolve(sessionsEndpoint)}/${encodeURIComponent(sessionId)}`;
    const body = { reason: proof.reason, timestampUnix: proof.timestampUnix, signature: proof.signature };
    const init = { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    return readJson(await call(this.fetchImpl, url, init, 'DELETE /sessions/:id'), SessionRecordSchema, 'DELETE /sessions/:id');
  }

  /**
   * `GET /recipients/:address`: whether the facilitator pays this recipient's token-account rent (an
   * operator registered it). False when the facilitator does not answer the question (no such
   * route): then the user's approve creates the account, which every quietpay facilitator accepts.
   */
  async recipientRegistered(recipient: string): Promise<boolean> {
    const url = `${this.url}/recipients/${encodeURIComponent(recipient)}`;
    const res = await call(this.fetchImpl, url, undefined, 'GET /recipients/:address');
    if (res.status === 404) return false;
    return (await readJson(res, RecipientStatusSchema, 'GET /recipients/:address')).registered;
  }

  // The facilitator may advertise an absolute URL (another host) or a path on itself.
  private resolve(endpoint: string): string {
    return /^https?:\/\//.test(endpoint) ? trimSlash(endpoint) : `${this.url}/${endpoint.replace(/^\/+/, '')}`;
  }
}
