import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import {
  buildSessionPaymentPayload,
  createSession,
  FacilitatorClient,
  keypairWallet,
  memorySessionStorage,
  readPaymentReceipt,
  readPaymentRequired,
  selectSessionRequirements,
  type SessionHandle,
  type SessionKind,
  type SessionRecord,
} from '@quietpay/sdk';
import { SessionSchemeServer } from '@quietpay/server';
import {
  encodePaymentSignatureHeader,
  signSessionClose,
  signSessionPayment,
  type PaymentPayload,
  type PaymentRequired,
  type PaymentRequirements,
} from '@quietpay/x402';
import type { Keypair } from '@solana/web3.js';
import { decodePaymentRequiredHeader, decodePaymentSignatureHeader, encodePaymentRequiredHeader, encodePaymentResponseHeader } from '@x402/core/http';
import { HTTPFacilitatorClient, x402ResourceServer } from '@x402/core/server';
import nacl from 'tweetnacl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_TOP_UP_LAMPORTS, seedOpenSession } from '../support/seed-peer/seed-session.client';
import { eventually } from '../support/service.process';
import { type SessionStack, startSessionStack } from '../support/session-stack';

// Issue 4's "Checked by", end to end: the SDK, examples/paid-api, two gateways, two
// session-ledgers and the other six services as processes, real NATS (private server), real Redis
// and a localnet whose confidential balances are read back through the covalidator.

const CHAT_PRICE = 500_000n; // examples/paid-api charges 0.5 USDC per /api/chat
let stack: SessionStack;
let kind: SessionKind;

interface OpenedSession {
  readonly handle: SessionHandle;
  readonly secretKey: Uint8Array;
}

async function open(wallet: Keypair, cap: string, expiresInSeconds = 3600): Promise<OpenedSession> {
  const storage = memorySessionStorage();
  const handle = await createSession({
    wallet: keypairWallet(wallet),
    facilitatorUrl: stack.gatewayUrl,
    connection: stack.connection,
    cap,
    expiresInSeconds,
    recipient: stack.wallets.merchant.publicKey.toBase58(),
    storage,
  });
  const stored = await storage.get(handle.sessionId);
  if (!stored) throw new Error('createSession stored no session key');
  return { handle, secretKey: Uint8Array.from(Buffer.from(stored.sessionSecretKey, 'base64')) };
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

function paymentRequiredFor(requirements: PaymentRequirements, url = `https://e2e.quietpay.test/${randomUUID()}`): PaymentRequired {
  return { x402Version: 2, resource: { url }, accepts: [requirements] };
}

interface VerifyAnswer {
  readonly isValid: boolean;
  readonly invalidReason?: string;
}
interface SettleAnswer {
  readonly success: boolean;
  readonly errorReason?: string;
  readonly transaction: string;
  readonly amount?: string;
}

async function facilitatorCall<T>(
  gatewayUrl: string,
  route: 'verify' | 'settle',
  paymentPayload: PaymentPayload,
  paymentRequirements: PaymentRequirements,
): Promise<T> {
  const res = await fetch(`${gatewayUrl}/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ x402Version: 2, paymentPayload, paymentRequirements }),
  });
  // x402: /verify and /settle answer 200 with the verdict even when the payment is invalid.
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}
const verify = (payload: PaymentPayload, requirements: PaymentRequirements, gatewayUrl = stack.gatewayUrl): Promise<VerifyAnswer> =>
  facilitatorCall<VerifyAnswer>(gatewayUrl, 'verify', payload, requirements);
const settle = (payload: PaymentPayload, requirements: PaymentRequirements, gatewayUrl = stack.gatewayUrl): Promise<SettleAnswer> =>
  facilitatorCall<SettleAnswer>(gatewayUrl, 'settle', payload, requirements);

async function sessionRecord(sessionId: string): Promise<SessionRecord> {
  return new FacilitatorClient(stack.gatewayUrl).session(sessionId);
}

/** A confirmed, successful transaction on the localnet, or a failing assertion. */
async function expectLandedOnChain(signature: string): Promise<void> {
  const tx = await stack.connection.getTransaction(signature, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
  expect(tx, `transaction ${signature} on chain`).not.toBeNull();
  expect(tx?.meta?.err ?? null).toBeNull();
}

/** Waits until `owner`'s decrypted balance has moved by at least `delta` from `before`, then returns it. */
async function balanceAfter(owner: Keypair, before: bigint, delta: bigint): Promise<bigint> {
  return eventually(
    async () => {
      const now = await stack.balanceOf(owner);
      return (delta >= 0n ? now - before >= delta : now - before <= delta) ? now : undefined;
    },
    `balance of ${owner.publicKey.toBase58()} to move by ${delta}`,
    150,
    200,
  ).catch(() => stack.balanceOf(owner));
}

beforeAll(async () => {
  stack = await startSessionStack({ gateways: 2, ledgers: 2 });
  kind = await new FacilitatorClient(stack.gatewayUrl).sessionKind();
}, 300_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

describe('session scheme end to end (SDK → paid API → gateway → ledger → tx pipeline → localnet)', () => {
  it('a 1 USDC session pays two 0.5 USDC chat calls on chain, refuses the third with cap_exceeded, and moves exactly 1 USDC', async () => {
    const { agent, merchant } = stack.wallets;
    const before = { agent: await stack.balanceOf(agent), merchant: await stack.balanceOf(merchant) };
    const { handle } = await open(agent, '1');

    const chat = (message: string): Promise<Response> =>
      handle.fetch(`${stack.paidApiUrl}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message }) });
    const signatures: string[] = [];
    for (const [index, message] of ['first', 'second'].entries()) {
      const res = await chat(message);
      const receipt = readPaymentReceipt(res);
      expect(res.status, stack.output().slice(-4000)).toBe(200);
      expect(receipt).toMatchObject({ success: true, amount: CHAT_PRICE.toString() });
      // The seed facilitator's receipt field, beside quietpay's own `extra`.
      const spent = BigInt(index + 1) * CHAT_PRICE;
      expect(receipt?.extensions).toEqual({ session: { id: handle.sessionId, spent: spent.toString(), remaining: (1_000_000n - spent).toString() } });
      expect((await res.json()) as unknown).toMatchObject({ echo: message });
      signatures.push(receipt!.transaction);
    }
    expect(new Set(signatures).size).toBe(2);
    for (const signature of signatures) await expectLandedOnChain(signature);

    const third = await chat('third');
    expect(third.status).toBe(402);
    expect(readPaymentRequired(third)?.error).toBe('cap_exceeded');
    expect(await sessionRecord(handle.sessionId)).toMatchObject({ spent: '1000000', cap: '1000000' });

    const merchantAfter = await balanceAfter(merchant, before.merchant, 2n * CHAT_PRICE);
    expect(merchantAfter - before.merchant).toBe(1_000_000n);
    expect((await stack.balanceOf(agent)) - before.agent).toBe(-1_000_000n);
  });

  it("legacy mode off (the default): the seed SDK's open is refused 403 legacy_sessions_disabled and a seed payload legacy_payload_disabled, at no cost", async () => {
    const { agent2, facilitator, merchant } = stack.wallets;
    const before = await stack.connection.getBalance(facilitator.publicKey, 'confirmed');
    const opened = await seedOpenSession({
      facilitatorUrl: stack.gatewayUrl,
      connection: stack.connection,
      wallet: agent2,
      recipient: merchant.publicKey.toBase58(),
      cap: 1_000_000n,
      teePublicKey: stack.inco.teePublicKey,
    });
    expect(opened).toMatchObject({ status: 403, body: { error: 'legacy_sessions_disabled' } });
    const { handle } = await open(stack.wallets.agent, '1');
    const requirements = requirementsFor(CHAT_PRICE);
    const bearer = {
      x402Version: 2,
      accepted: requirements,
      payload: { sessionId: handle.sessionId, amount: CHAT_PRICE.toString() },
    } as unknown as PaymentPayload;
    expect(await settle(bearer, requirements)).toMatchObject({ success: false, errorReason: 'legacy_payload_disabled' });
    expect(await sessionRecord(handle.sessionId)).toMatchObject({ spent: '0', legacy: false });
    // Only the quietpay open (its approve fee) cost the facilitator anything.
    const afterOpen = await stack.connection.getBalance(facilitator.publicKey, 'confirmed');
    expect(before - afterOpen).toBeLessThan(Number(SEED_TOP_UP_LAMPORTS));
  });

  it('50 concurrent calls against a cap worth 10, across two gateways and two ledgers: exactly 10 paid, exactly 10 transfers', async () => {
    const { agent, merchant } = stack.wallets;
    const price = 100_000n;
    const before = { agent: await stack.balanceOf(agent), merchant: await stack.balanceOf(merchant) };
    const { handle, secretKey } = await open(agent, '1'); // 1 USDC = 10 × 0.1
    const requirements = requirementsFor(price);
    const required = paymentRequiredFor(requirements);

    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        settle(buildSessionPaymentPayload(required, requirements, handle.sessionId, secretKey), requirements, stack.gatewayUrls[i % stack.gatewayUrls.length]),
      ),
    );
    const paid = answers.filter((a) => a.success);
    const refused = answers.filter((a) => !a.success);
    expect(paid, JSON.stringify(refused.filter((a) => a.errorReason !== 'cap_exceeded'))).toHaveLength(10);
    expect(refused.map((a) => a.errorReason)).toEqual(Array.from({ length: 40 }, () => 'cap_exceeded'));
    expect(refused.every((a) => a.transaction === '')).toBe(true);

    const signatures = new Set(paid.map((a) => a.transaction));
    expect(signatures.size).toBe(10);
    for (const signature of signatures) await expectLandedOnChain(signature);
    expect(await sessionRecord(handle.sessionId)).toMatchObject({ spent: '1000000' });

    const merchantAfter = await balanceAfter(merchant, before.merchant, 10n * price);
    expect(merchantAfter - before.merchant).toBe(10n * price);
    expect((await stack.balanceOf(agent)) - before.agent).toBe(-10n * price);
  }, 240_000);

  it('rejects replayed, tampered, wrongly signed, unknown, expired, revoked and closed payments at /verify and /settle, charging nothing', async () => {
    const { agent, agent2, merchant } = stack.wallets;
    // Opened first so its short life has run out by the time the other cases are done.
    const expiring = await open(agent, '1', 30);
    const revoked = await open(agent, '1');
    const closed = await open(agent, '1');
    const live = await open(agent2, '2');
    const requirements = requirementsFor(CHAT_PRICE);
    const required = paymentRequiredFor(requirements);

    // One real payment, so there is something to replay and a baseline that must not move.
    const original = buildSessionPaymentPayload(required, requirements, live.handle.sessionId, live.secretKey);
    const first = await settle(original, requirements);
    expect(first).toMatchObject({ success: true });
    await expectLandedOnChain(first.transaction);
    const merchantBaseline = await stack.balanceOf(merchant);
    expect(await sessionRecord(live.handle.sessionId)).toMatchObject({ spent: CHAT_PRICE.toString() });

    const fresh = (opened: OpenedSession): PaymentPayload => buildSessionPaymentPayload(required, requirements, opened.handle.sessionId, opened.secretKey);
    const tamper = (patch: Record<string, string>): PaymentPayload => {
      const payload = fresh(live);
      return { ...payload, payload: { ...payload.payload, ...patch } };
    };
    const strangerKey = nacl.sign.keyPair();
    const unknownSession = `sess_${randomUUID()}`;
    const signedBy = (sessionId: string, secretKey: Uint8Array): PaymentPayload => {
      const payment = signSessionPayment(
        { sessionId, amount: requirements.amount, nonce: randomUUID(), resource: required.resource.url, payTo: requirements.payTo },
        secretKey,
      );
      return { x402Version: 2, resource: required.resource, accepted: requirements, payload: { ...payment } };
    };

    await closed.handle.close();
    // Closing needs the session key's proof (tests/e2e/session-hardening.test.ts checks the refusals).
    const revokeProof = { reason: 'user_revoked', sessionId: revoked.handle.sessionId, timestampUnix: Math.floor(Date.now() / 1000) };
    const revokeRes = await fetch(`${stack.gatewayUrl}/sessions/${revoked.handle.sessionId}`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        reason: revokeProof.reason,
        timestampUnix: revokeProof.timestampUnix,
        signature: signSessionClose(revokeProof, revoked.secretKey),
      }),
    });
    expect(revokeRes.status).toBe(200);
    expect(await sessionRecord(closed.handle.sessionId)).toMatchObject({ status: 'closed' });
    expect(await sessionRecord(revoked.handle.sessionId)).toMatchObject({ status: 'revoked' });

    const cases: [string, PaymentPayload, string][] = [
      ['tampered amount', tamper({ amount: (CHAT_PRICE / 10n).toString() }), 'amount_mismatch'],
      ['tampered recipient', tamper({ payTo: agent2.publicKey.toBase58() }), 'recipient_mismatch'],
      ['tampered resource', tamper({ resource: 'https://e2e.quietpay.test/elsewhere' }), 'resource_mismatch'],
      ['wrong session key', signedBy(live.handle.sessionId, strangerKey.secretKey), 'bad_session_signature'],
      ['unknown session', signedBy(unknownSession, strangerKey.secretKey), 'session_not_found'],
      ['revoked session', fresh(revoked), 'session_revoked'],
      ['closed session', fresh(closed), 'session_closed'],
    ];
    for (const [what, payload, reason] of cases) {
      expect(await verify(payload, requirements), `${what} at /verify`).toMatchObject({ isValid: false, invalidReason: reason });
      expect(await settle(payload, requirements, stack.gatewayUrls[1]), `${what} at /settle`).toMatchObject({
        success: false,
        errorReason: reason,
        transaction: '',
      });
    }

    // Replays of the paid payload. /verify refuses the used nonce. The same payload at /settle is
    // the same charge (idempotency key sessionId:nonce), never charged twice, and already served:
    // a success answer would let a replayed header be served again, so it is nonce_replayed (the
    // receipt stays at GET /settlements/:id). Re-wrapped under a fresh payment-identifier (a new
    // idempotency key), the used nonce is refused too.
    expect(await verify(original, requirements)).toMatchObject({ isValid: false, invalidReason: 'nonce_replayed' });
    expect(await settle(original, requirements, stack.gatewayUrls[1])).toMatchObject({ success: false, errorReason: 'nonce_replayed' });
    const rewrapped: PaymentPayload = { ...original, extensions: { 'payment-identifier': { info: { id: `replay-${randomUUID()}` } } } };
    expect(await verify(rewrapped, requirements)).toMatchObject({ isValid: false, invalidReason: 'nonce_replayed' });
    expect(await settle(rewrapped, requirements, stack.gatewayUrls[1])).toMatchObject({ success: false, errorReason: 'nonce_replayed', transaction: '' });

    const expiry = (await sessionRecord(expiring.handle.sessionId)).expirationUnix;
    await eventually(async () => (Date.now() / 1000 > expiry + 1 ? true : undefined), 'the short session to expire', 300, 200);
    const late = fresh(expiring);
    expect(await verify(late, requirements)).toMatchObject({ isValid: false, invalidReason: 'session_expired' });
    expect(await settle(late, requirements)).toMatchObject({ success: false, errorReason: 'session_expired', transaction: '' });

    // Nothing moved: the ledger's spent and the merchant's decrypted balance are where they were.
    expect(await sessionRecord(live.handle.sessionId)).toMatchObject({ spent: CHAT_PRICE.toString() });
    for (const s of [expiring, revoked, closed]) expect(await sessionRecord(s.handle.sessionId)).toMatchObject({ spent: '0' });
    expect(await stack.balanceOf(merchant)).toBe(merchantBaseline);
  }, 240_000);

  describe('interop: a resource server made of stock @x402/core', () => {
    let server: Server;
    let url: string;

    beforeAll(async () => {
      const resourceServer = new x402ResourceServer(new HTTPFacilitatorClient({ url: stack.gatewayUrl })).register(
        kind.network as PaymentRequirements['network'],
        new SessionSchemeServer({ decimals: kind.extra.decimals }),
      );
      await resourceServer.initialize();
      const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
        const accepts = await resourceServer.buildPaymentRequirements({
          scheme: 'session',
          network: kind.network as PaymentRequirements['network'],
          payTo: stack.wallets.merchant.publicKey.toBase58(),
          price: '$0.25',
        });
        const resource = { url: `${url}${req.url ?? '/'}`, description: 'stock x402 route' };
        const header = req.headers['payment-signature'];
        const refuse = async (error?: string): Promise<void> => {
          const required = await resourceServer.createPaymentRequiredResponse(accepts, resource, error);
          res.writeHead(402, { 'PAYMENT-REQUIRED': encodePaymentRequiredHeader(required), 'content-type': 'application/json' }).end('{}');
        };
        if (typeof header !== 'string') return refuse();
        const payload = decodePaymentSignatureHeader(header);
        const requirements = resourceServer.findMatchingRequirements(accepts, payload);
        if (!requirements) return refuse('invalid_payment_requirements');
        const verdict = await resourceServer.verifyPayment(payload, requirements);
        if (!verdict.isValid) return refuse(verdict.invalidReason);
        const receipt = await resourceServer.settlePayment(payload, requirements);
        res.writeHead(receipt.success ? 200 : 402, { 'PAYMENT-RESPONSE': encodePaymentResponseHeader(receipt), 'content-type': 'application/json' });
        res.end(JSON.stringify({ served: receipt.success }));
      };
      server = createServer((req, res) => {
        handle(req, res).catch((error: unknown) => {
          res.writeHead(500).end(String(error));
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('serves a paid route through the gateway: 402 → SDK-built payment → 200 with PAYMENT-RESPONSE', async () => {
      const { agent } = stack.wallets;
      const session = await open(agent, '1');
      const unpaid = await fetch(`${url}/report`);
      expect(unpaid.status).toBe(402);
      const required = readPaymentRequired(unpaid);
      expect(required).toBeDefined();
      // The header the stock server wrote decodes with the stock codec too.
      expect(decodePaymentRequiredHeader(unpaid.headers.get('PAYMENT-REQUIRED')!).accepts[0]).toMatchObject({ scheme: 'session', amount: '250000' });

      const requirements = selectSessionRequirements(required!, {
        sessionId: session.handle.sessionId,
        recipient: stack.wallets.merchant.publicKey.toBase58(),
        asset: kind.extra.mint,
        network: kind.network,
      });
      const payload = buildSessionPaymentPayload(required!, requirements, session.handle.sessionId, session.secretKey);
      const paid = await fetch(`${url}/report`, { headers: { 'PAYMENT-SIGNATURE': encodePaymentSignatureHeader(payload) } });
      expect(paid.status).toBe(200);
      const receipt = readPaymentReceipt(paid);
      expect(receipt).toMatchObject({ success: true, amount: '250000' });
      await expectLandedOnChain(receipt!.transaction);
      expect(await sessionRecord(session.handle.sessionId)).toMatchObject({ spent: '250000' });
    });
  });
});
