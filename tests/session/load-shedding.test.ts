import { connect, type Socket } from 'node:net';
import { FacilitatorClient, type SessionKind } from '@quietpay/sdk';
import type { PaymentPayload } from '@quietpay/x402';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptAt, settleAt } from '../support/facilitator-http';
import { eventually } from '../support/service.process';
import { openSessionPayer, type SessionPayer } from '../support/session-payer';
import { type SessionStack, startSessionStack } from '../support/session-stack';

// A gateway past MAX_IN_FLIGHT_REQUESTS sheds with 503 `overloaded` + Retry-After before it reads
// the body or asks session-ledger anything: a shed /settle must leave no reservation, no spent
// nonce and no charge, so the same payment is accepted once the gateway has room again. The
// limit is driven to 1 and held by a request whose body never finishes arriving (not by timing).

const PRICE = 10_000n;
let stack: SessionStack;
let kind: SessionKind;
/** A second gateway replica that works on one request at a time. */
let narrow: string;

beforeAll(async () => {
  stack = await startSessionStack({ serviceEnv: { SETTLEMENT_MODE: 'batched', BATCH_WINDOW_MS: '1000', BATCH_MAX_SIZE: '50' } });
  kind = await new FacilitatorClient(stack.gatewayUrl).sessionKind();
  const replica = await stack.addReplica('gateway', { MAX_IN_FLIGHT_REQUESTS: '1', OVERLOAD_RETRY_AFTER_SECONDS: '3' });
  narrow = `http://127.0.0.1:${await replica.started()}`;
}, 300_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

async function spent(payer: SessionPayer): Promise<bigint> {
  const res = await fetch(`${stack.gatewayUrl}/sessions/${payer.sessionId}`);
  expect(res.status).toBe(200);
  return BigInt(((await res.json()) as { spent: string }).spent);
}

/** Opens a /verify whose body never completes: the gateway counts it in flight until the socket closes. */
function holdOneRequest(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(`POST /verify HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{`);
      resolve(socket);
    });
    socket.on('error', reject);
  });
}

const postTo = (url: string, path: string, body: unknown): Promise<Response> =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Waits until the narrow gateway sheds (its one slot is taken), or until it answers again. */
const narrowSheds = (expected: boolean): Promise<true> =>
  eventually(
    async () => ((await fetch(`${narrow}/supported`)).status === 503) === expected || undefined,
    `the narrow gateway to ${expected ? '' : 'stop '}shed`,
    300,
    100,
  );

describe('load shedding: a bounded number of requests in flight per gateway process', () => {
  it('past the bound /verify and /settle answer 503 overloaded with Retry-After; a shed /settle reserved nothing and the same payment settles later, once', async () => {
    const payer = await openSessionPayer(stack, kind, stack.wallets.agent, stack.wallets.merchant, PRICE);
    const payment: PaymentPayload = payer.payload();
    const body = { x402Version: 2, paymentPayload: payment, paymentRequirements: payer.requirements };
    const spentBefore = await spent(payer);

    const held = await holdOneRequest(narrow);
    try {
      await narrowSheds(true);
      for (const path of ['/verify', '/settle']) {
        const res = await postTo(narrow, path, body);
        expect(res.status, path).toBe(503);
        expect(res.headers.get('retry-after'), path).toBe('3');
        expect(await res.json(), path).toEqual({
          error: 'overloaded',
          message: expect.stringContaining('nothing was checked or charged'),
          retryAfterSeconds: 3,
        });
      }
      // Probes are never shed: an orchestrator still hears from an overloaded gateway.
      expect((await fetch(`${narrow}/health/live`)).status).toBe(200);
      // Nothing reached the ledger: no reservation, and the payment's nonce is still unused.
      expect(await spent(payer)).toBe(spentBefore);
    } finally {
      held.destroy();
    }

    await narrowSheds(false);
    const verified = await postTo(narrow, '/verify', body);
    expect(verified.status).toBe(200);
    expect(await verified.json()).toMatchObject({ isValid: true });
    const settled = await settleAt(narrow, payment, payer.requirements);
    expect(settled, JSON.stringify(settled)).toMatchObject({ success: true, extra: { settlementStatus: 'queued' } });
    expect(await spent(payer)).toBe(spentBefore + PRICE);
    // Charged once, by this payment.
    const receipt = await receiptAt(stack.gatewayUrl, settled.extra?.settlementId ?? '');
    expect(receipt).toMatchObject({ sessionId: payer.sessionId, amount: PRICE.toString() });
  }, 120_000);
});
