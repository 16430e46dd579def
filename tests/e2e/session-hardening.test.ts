import { randomUUID } from 'node:crypto';
import {
  buildSessionPaymentPayload,
  createSession,
  FacilitatorClient,
  type FetchLike,
  keypairWallet,
  memorySessionStorage,
  QuietpaySdkError,
  readPaymentReceipt,
  readPaymentRequired,
  selectSessionRequirements,
  type SessionHandle,
  type SessionKind,
  type SessionRecord,
} from '@quietpay/sdk';
import { encodePaymentSignatureHeader, signSessionClose, type PaymentPayload, type PaymentRequired, type PaymentRequirements } from '@quietpay/x402';
import nacl from 'tweetnacl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SessionStack, startSessionStack } from '../support/session-stack';

// The session scheme's money-safety guarantees that do not rest on the SDK behaving: the per-call
// limit is signed by the wallet and enforced by session-ledger, and only the session key's holder
// can close a session. Real processes, localnet, NATS and Redis (tests/support/session-stack.ts).

let stack: SessionStack;
let kind: SessionKind;

interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly body: string;
}

interface Opened {
  readonly handle: SessionHandle;
  readonly secretKey: Uint8Array;
  readonly requests: RecordedRequest[];
}

/** The SDK's fetch, recording what it sent, with an optional rewrite of the POST /sessions body. */
function recordingFetch(requests: RecordedRequest[], rewriteOpen?: (body: Record<string, unknown>) => Record<string, unknown>): FetchLike {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : input.toString();
    const method = init?.method ?? 'GET';
    let body = typeof init?.body === 'string' ? init.body : '';
    if (rewriteOpen && method === 'POST' && new URL(url).pathname === '/sessions') {
      body = JSON.stringify(rewriteOpen(JSON.parse(body) as Record<string, unknown>));
    }
    requests.push({ method, url, body });
    return globalThis.fetch(input, body === '' ? init : { ...init, body });
  };
}

async function open(cap: string, perCallLimit?: string, rewriteOpen?: (body: Record<string, unknown>) => Record<string, unknown>): Promise<Opened> {
  const storage = memorySessionStorage();
  const requests: RecordedRequest[] = [];
  const handle = await createSession({
    wallet: keypairWallet(stack.wallets.agent),
    facilitatorUrl: stack.gatewayUrl,
    connection: stack.connection,
    cap,
    expiresInSeconds: 3600,
    recipient: stack.wallets.merchant.publicKey.toBase58(),
    storage,
    fetch: recordingFetch(requests, rewriteOpen),
    ...(perCallLimit !== undefined ? { perCallLimit } : {}),
  });
  const stored = await storage.get(handle.sessionId);
  if (!stored) throw new Error('createSession stored no session key');
  return { handle, secretKey: Uint8Array.from(Buffer.from(stored.sessionSecretKey, 'base64')), requests };
}

function requirementsFor(amount: bigint): PaymentRequirements {
  return {
    scheme: 'session',
    network: kind.network as PaymentRequirements['network'],
    asset: kind.extra.mint,
    amount: amount.toString(),
    payTo: stack.wallets.merchant.publicKey.toBase58(),
    maxTimeoutSeconds: 60,
    extra: { ...kind.extra },
  };
}

interface SettleAnswer {
  readonly success: boolean;
  readonly errorReason?: string;
  readonly transaction: string;
}
interface VerifyAnswer {
  readonly isValid: boolean;
  readonly invalidReason?: string;
}

/** Builds and signs a payment with the session key directly, bypassing the SDK's own limit check. */
function payment(opened: Opened, amount: bigint): { payload: PaymentPayload; requirements: PaymentRequirements } {
  const requirements = requirementsFor(amount);
  const required: PaymentRequired = { x402Version: 2, resource: { url: `https://e2e.quietpay.test/${randomUUID()}` }, accepts: [requirements] };
  return { payload: buildSessionPaymentPayload(required, requirements, opened.handle.sessionId, opened.secretKey), requirements };
}

async function facilitatorCall<T>(
  route: 'verify' | 'settle',
  { payload, requirements }: { payload: PaymentPayload; requirements: PaymentRequirements },
): Promise<T> {
  const res = await fetch(`${stack.gatewayUrl}/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ x402Version: 2, paymentPayload: payload, paymentRequirements: requirements }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

async function sessionRecord(sessionId: string): Promise<SessionRecord> {
  return new FacilitatorClient(stack.gatewayUrl).session(sessionId);
}

async function deleteSession(sessionId: string, body: unknown): Promise<{ status: number; body: { error?: string; status?: string } }> {
  const res = await fetch(`${stack.gatewayUrl}/sessions/${sessionId}`, {
    method: 'DELETE',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { error?: string; status?: string } };
}

async function rejection(promise: Promise<unknown>): Promise<{ code: string; status: unknown; body: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof QuietpaySdkError) return { code: error.code, status: error.context['status'], body: String(error.context['body'] ?? '') };
    throw error;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  stack = await startSessionStack();
  kind = await new FacilitatorClient(stack.gatewayUrl).sessionKind();
}, 300_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

describe('session hardening: signed per-call limit, authenticated close', () => {
  it('a session signed with perCallLimit 0.2 refuses a 0.5 charge (nothing charged), pays 0.1, cannot be closed without the session key, and closes through the SDK', async () => {
    const session = await open('1', '0.2');
    const { sessionId } = session.handle;
    expect(await sessionRecord(sessionId)).toMatchObject({ perCallLimit: '200000', spent: '0', status: 'active' });

    // The ledger enforces the signed limit whatever the client does.
    const tooBig = payment(session, 500_000n);
    expect(await facilitatorCall<VerifyAnswer>('verify', tooBig)).toMatchObject({ isValid: false, invalidReason: 'per_call_limit_exceeded' });
    expect(await facilitatorCall<SettleAnswer>('settle', tooBig)).toMatchObject({ success: false, errorReason: 'per_call_limit_exceeded', transaction: '' });
    expect(await sessionRecord(sessionId)).toMatchObject({ spent: '0' });

    const small = await facilitatorCall<SettleAnswer>('settle', payment(session, 100_000n));
    expect(small, stack.output().slice(-4000)).toMatchObject({ success: true });
    expect(small.transaction).not.toBe('');
    expect(await sessionRecord(sessionId)).toMatchObject({ spent: '100000' });

    // Knowing the session id (every resource server it pays does) is not enough to close it.
    const now = Math.floor(Date.now() / 1000);
    const proof = (reason: string, id: string, timestampUnix: number, secretKey: Uint8Array) => ({
      reason,
      timestampUnix,
      signature: signSessionClose({ reason, sessionId: id, timestampUnix }, secretKey),
    });
    const stranger = nacl.sign.keyPair().secretKey;
    const refusals: [string, unknown, string][] = [
      ['no body', {}, 'bad_close_signature'],
      ['no signature', { reason: 'user_closed', timestampUnix: now }, 'bad_close_signature'],
      ['a signature by another key', proof('user_closed', sessionId, now, stranger), 'bad_close_signature'],
      ['a signature for another session', proof('user_closed', `sess_${randomUUID()}`, now, session.secretKey), 'bad_close_signature'],
      ['a signed reason swapped', { ...proof('user_closed', sessionId, now, session.secretKey), reason: 'user_revoked' }, 'bad_close_signature'],
      ['garbage as signature', { reason: 'user_closed', timestampUnix: now, signature: 'x'.repeat(88) }, 'bad_close_signature'],
      ['a stale proof', proof('user_closed', sessionId, now - 3600, session.secretKey), 'stale_close_request'],
    ];
    for (const [what, body, code] of refusals) {
      expect(await deleteSession(sessionId, body), what).toMatchObject({ status: 401, body: { error: code } });
    }
    expect(await sessionRecord(sessionId)).toMatchObject({ status: 'active', spent: '100000' });
    const stillPays = await facilitatorCall<SettleAnswer>('settle', payment(session, 100_000n));
    expect(stillPays).toMatchObject({ success: true });
    expect(await sessionRecord(sessionId)).toMatchObject({ status: 'active', spent: '200000' });

    // The SDK's close() signs the proof; afterwards the session pays nothing.
    await session.handle.close();
    expect(await sessionRecord(sessionId)).toMatchObject({ status: 'closed', spent: '200000' });
    const afterClose = payment(session, 100_000n);
    expect(await facilitatorCall<VerifyAnswer>('verify', afterClose)).toMatchObject({ isValid: false, invalidReason: 'session_closed' });
    expect(await facilitatorCall<SettleAnswer>('settle', afterClose)).toMatchObject({ success: false, errorReason: 'session_closed', transaction: '' });
    expect(await rejection(session.handle.fetch(`${stack.paidApiUrl}/api/chat`, { method: 'POST', body: '{}' }))).toMatchObject({ code: 'session_closed' });

    // The SDK's signed close request is good once: replayed, it is refused.
    const sent = session.requests.find((r) => r.method === 'DELETE');
    expect(sent).toBeDefined();
    expect(await deleteSession(sessionId, JSON.parse(sent!.body))).toMatchObject({ status: 401, body: { error: 'close_replayed' } });
    expect(await sessionRecord(sessionId)).toMatchObject({ status: 'closed', spent: '200000' });
  }, 240_000);

  it('refuses an open request whose perCallLimit differs from the signed one, or whose signed perCallLimit was raised', async () => {
    // The unsigned copy in the body says 0.9 while the wallet signed 0.2.
    const copyTampered = await rejection(open('1', '0.2', (body) => ({ ...body, perCallLimit: '900000' })));
    expect(copyTampered).toMatchObject({ code: 'facilitator_rejected', status: 400 });
    expect(JSON.parse(copyTampered.body)).toMatchObject({ error: 'terms_mismatch' });

    // The signed message itself raised to 0.9 (and the copy with it): the wallet's signature no longer verifies.
    const raise = (body: Record<string, unknown>) => ({
      ...body,
      authMessage: String(body['authMessage']).replace('"perCallLimit":"200000"', '"perCallLimit":"900000"'),
      perCallLimit: '900000',
    });
    const messageTampered = await rejection(open('1', '0.2', raise));
    expect(messageTampered).toMatchObject({ code: 'facilitator_rejected', status: 401 });
    expect(JSON.parse(messageTampered.body)).toMatchObject({ error: 'bad_auth_signature' });

    // The limit removed from the signed message: not what was signed either.
    const dropped = await rejection(
      open('1', '0.2', (body) => {
        const { perCallLimit: _p, ...rest } = body;
        return { ...rest, authMessage: String(body['authMessage']).replace('"perCallLimit":"200000",', '') };
      }),
    );
    expect(dropped).toMatchObject({ code: 'facilitator_rejected', status: 401 });
  }, 120_000);
});

/** The x402 payment-identifier extension, as a client that reuses one id would send it. */
const withPaymentId = (payload: PaymentPayload, id: string): PaymentPayload => ({ ...payload, extensions: { 'payment-identifier': { info: { id } } } });

describe('idempotency bound to what was signed: one payment id, one payload, one charge', () => {
  it('at /verify and /settle: a reused payment id with a new payload is idempotency_conflict (nothing charged); the same payload is not served again', async () => {
    const session = await open('5');
    const { sessionId } = session.handle;
    const merchantBefore = await stack.balanceOf(stack.wallets.merchant);
    const pid = `pid-${randomUUID()}`;
    const first = payment(session, 100_000n);
    const original = { ...first, payload: withPaymentId(first.payload, pid) };
    const paid = await facilitatorCall<SettleAnswer>('settle', original);
    expect(paid, stack.output().slice(-4000)).toMatchObject({ success: true });

    // Five more payloads (new nonces, new resources, new signatures) under the same id.
    for (let i = 0; i < 5; i += 1) {
      const next = payment(session, 100_000n);
      const reused = { ...next, payload: withPaymentId(next.payload, pid) };
      expect(await facilitatorCall<VerifyAnswer>('verify', reused)).toMatchObject({ isValid: false, invalidReason: 'idempotency_conflict' });
      expect(await facilitatorCall<SettleAnswer>('settle', reused)).toMatchObject({ success: false, errorReason: 'idempotency_conflict', transaction: '' });
    }
    // The original payload again is the original charge, not a second one, and it was served
    // already: nonce_replayed, never a second success (one charge, one serve).
    expect(await facilitatorCall<SettleAnswer>('settle', original)).toMatchObject({ success: false, errorReason: 'nonce_replayed' });
    expect(await sessionRecord(sessionId)).toMatchObject({ spent: '100000' });
    expect(await stack.balanceOf(stack.wallets.merchant)).toBe(merchantBefore + 100_000n);
  }, 240_000);

  it('refuses a 1-base-unit charge below the minimum settlement amount at /verify and /settle, charging nothing', async () => {
    const session = await open('1');
    const dust = payment(session, 1n);
    expect(await facilitatorCall<VerifyAnswer>('verify', dust)).toMatchObject({ isValid: false, invalidReason: 'amount_below_minimum' });
    expect(await facilitatorCall<SettleAnswer>('settle', dust)).toMatchObject({ success: false, errorReason: 'amount_below_minimum', transaction: '' });
    expect(await sessionRecord(session.handle.sessionId)).toMatchObject({ spent: '0' });
  }, 120_000);

  it('through examples/paid-api: five requests reusing one payment id are served once; every served call is one distinct charge', async () => {
    const price = 500_000n; // examples/paid-api's /api/chat
    const session = await open('5');
    const { sessionId } = session.handle;
    const merchantBefore = await stack.balanceOf(stack.wallets.merchant);
    const url = `${stack.paidApiUrl}/api/chat`;
    const pid = `pid-${randomUUID()}`;
    const statuses: number[] = [];
    const served: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const unpaid = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      const required = readPaymentRequired(unpaid);
      if (!required) throw new Error(`paid-api answered ${unpaid.status} without PAYMENT-REQUIRED`);
      const requirements = selectSessionRequirements(required, {
        sessionId,
        recipient: stack.wallets.merchant.publicKey.toBase58(),
        asset: kind.extra.mint,
        network: kind.network,
      });
      const payload = withPaymentId(buildSessionPaymentPayload(required, requirements, sessionId, session.secretKey), pid);
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'PAYMENT-SIGNATURE': encodePaymentSignatureHeader(payload) },
        body: '{}',
      });
      statuses.push(res.status);
      const body = (await res.json()) as { error?: string };
      if (res.status === 200) served.push(readPaymentReceipt(res)?.transaction ?? '');
      else expect(body.error).toBe('idempotency_conflict');
    }
    expect(statuses, stack.output().slice(-4000)).toEqual([200, 409, 409, 409, 409]);
    // The invariant: each served call maps to exactly one distinct charge (ledger, receipts, chain).
    expect(new Set(served).size).toBe(served.length);
    expect(served.every((t) => t !== '')).toBe(true);
    expect(await sessionRecord(sessionId)).toMatchObject({ spent: (price * BigInt(served.length)).toString() });
    expect(await stack.balanceOf(stack.wallets.merchant)).toBe(merchantBefore + price * BigInt(served.length));
  }, 240_000);
});
