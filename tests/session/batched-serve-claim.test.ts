import { SessionChargeSettleV1, type SettleChargeRequest, type SettleChargeResult } from '@quietpay/contracts';
import { BusClient, QuietpayError } from '@quietpay/platform';
import { FacilitatorClient, type SessionKind } from '@quietpay/sdk';
import type { PaymentPayload } from '@quietpay/x402';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptAt, settleAt, type SettleAnswer } from '../support/facilitator-http';
import { eventually } from '../support/service.process';
import { openSessionPayer, type SessionPayer } from '../support/session-payer';
import { type SessionStack, startSessionStack } from '../support/session-stack';

// Batched mode answers success as soon as the charge is handed to the submitter, so that is when a
// /settle may claim the call's one serve, not at reserve: a /settle whose hand-off failed answered
// settlement_pending and served nothing, and the client's retry with the SAME header must be served
// then (issue 16, "a client never needs a new nonce"). Serve-once must hold across gateway replicas:
// of any number of /settle of one header, exactly one answer is success.

const PRICE = 10_000n;
let stack: SessionStack;
let kind: SessionKind;

interface VerifyAnswer {
  readonly isValid: boolean;
  readonly invalidReason?: string;
}

async function verifyAt(gatewayUrl: string, payer: SessionPayer, paymentPayload: PaymentPayload): Promise<VerifyAnswer> {
  const res = await fetch(`${gatewayUrl}/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ x402Version: 2, paymentPayload, paymentRequirements: payer.requirements }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as VerifyAnswer;
}

async function spent(payer: SessionPayer): Promise<bigint> {
  const res = await fetch(`${stack.gatewayUrl}/sessions/${payer.sessionId}`);
  return BigInt(((await res.json()) as { spent: string }).spent);
}

/** The charge's receipt once its batch flushed (settled or failed). */
async function finished(settlementId: string): Promise<{ state: string; signature: string }> {
  return eventually(
    async () => {
      const receipt = await receiptAt(stack.gatewayUrl, settlementId);
      return receipt.state === 'settled' || receipt.state === 'failed' ? receipt : undefined;
    },
    `settlement ${settlementId} to be flushed`,
    300,
    200,
  );
}

/** A balance once it moved by `by` (a batch lands a moment after its receipt says settled). */
async function balanceMovedBy(read: () => Promise<bigint>, before: bigint, by: bigint): Promise<bigint> {
  return eventually(async () => {
    const now = await read();
    return now - before === by ? now : undefined;
  }, `a balance to move by ${by}`).catch(() => read());
}

/**
 * The batched /settle's one ledger request as the gateway sends it, asked straight on the bus with
 * a serve token and idempotency key of the caller's choosing: the ledger's answer, or its refusal code.
 */
async function settleOnBus(
  bus: BusClient,
  payer: SessionPayer,
  paymentPayload: PaymentPayload,
  serveToken: string,
  idempotencyKey: string,
): Promise<SettleChargeResult | string> {
  const r = payer.requirements;
  const payload = paymentPayload.payload as unknown as NonNullable<SettleChargeRequest['payload']>;
  const request: SettleChargeRequest = {
    payload,
    requirements: {
      scheme: r.scheme,
      network: r.network,
      asset: r.asset,
      amount: r.amount,
      payTo: r.payTo,
      maxTimeoutSeconds: r.maxTimeoutSeconds,
      extra: Object.fromEntries(Object.entries(r.extra).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])),
    },
    idempotencyKey,
    resource: payload.resource,
    serveToken,
    timeoutMs: 5_000,
  };
  try {
    const reply = await bus.request(SessionChargeSettleV1, request);
    if (reply.result.case !== 'ok') throw new Error('SettleCharge answered neither ok nor an error');
    return reply.result.value;
  } catch (error) {
    if (error instanceof QuietpayError) return error.code;
    throw error;
  }
}

beforeAll(async () => {
  stack = await startSessionStack({ gateways: 2, serviceEnv: { SETTLEMENT_MODE: 'batched', BATCH_WINDOW_MS: '1000', BATCH_MAX_SIZE: '50' } });
  kind = await new FacilitatorClient(stack.gatewayUrl).sessionKind();
}, 300_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

describe('batched mode: the serve is claimed when success is answered', () => {
  it('a /settle whose hand-off to the submitter failed is served by the same header later: once, paid once', async () => {
    const { agent, merchant } = stack.wallets;
    const payer = await openSessionPayer(stack, kind, agent, merchant, PRICE);
    const [gatewayA, gatewayB] = stack.gatewayUrls as [string, string];
    const merchantBefore = await stack.balanceOf(merchant);
    const agentBefore = await stack.balanceOf(agent);
    const payment = payer.payload();

    // The submitter gone: the charge is reserved, the hand-off fails, nothing is served.
    const restart = await stack.kill('submitter');
    let pending: SettleAnswer;
    try {
      pending = await settleAt(gatewayA, payment, payer.requirements);
    } finally {
      await restart();
    }
    expect(pending).toMatchObject({ success: false, errorReason: 'settlement_pending' });
    const settlementId = pending.extra?.settlementId ?? '';
    expect(settlementId).not.toBe('');
    expect(await spent(payer)).toBe(PRICE);

    // The client's retry, as the paywall and the SDK make it: the same header, at either replica.
    expect(await verifyAt(gatewayB, payer, payment)).toMatchObject({ isValid: true });
    const served = await eventually(
      async () => {
        const answer = await settleAt(gatewayB, payment, payer.requirements);
        return answer.errorReason === 'settlement_pending' ? undefined : answer;
      },
      'the same header to be served',
      300,
      200,
    );
    expect(served, JSON.stringify(served)).toMatchObject({ success: true, extra: { settlementId } });

    // Served once: the header is spent at both replicas, at /verify and /settle.
    for (const url of [gatewayA, gatewayB]) {
      expect(await settleAt(url, payment, payer.requirements)).toMatchObject({ success: false, errorReason: 'nonce_replayed' });
      expect(await verifyAt(url, payer, payment)).toMatchObject({ isValid: false, invalidReason: 'nonce_replayed' });
    }
    // Paid once: one charge, flushed, and exactly one price moved on chain.
    expect(await finished(settlementId)).toMatchObject({ state: 'settled' });
    expect(await spent(payer)).toBe(PRICE);
    expect((await balanceMovedBy(() => stack.balanceOf(merchant), merchantBefore, PRICE)) - merchantBefore).toBe(PRICE);
    expect(agentBefore - (await stack.balanceOf(agent))).toBe(PRICE);
  }, 240_000);

  it('one header sent to both gateway replicas at once is answered success exactly once, and charged once', async () => {
    const payer = await openSessionPayer(stack, kind, stack.wallets.agent, stack.wallets.merchant, PRICE);
    const payment = payer.payload();
    const sends = stack.gatewayUrls.flatMap((url) => Array.from({ length: 4 }, () => settleAt(url, payment, payer.requirements)));
    const answers = await Promise.all(sends);
    const successes = answers.filter((a) => a.success);
    expect(successes, JSON.stringify(answers)).toHaveLength(1);
    // Every other answer is the replay refusal: the call was served, by the one success.
    expect(answers.filter((a) => !a.success).map((a) => a.errorReason)).toEqual(answers.slice(1).map(() => 'nonce_replayed'));
    const settlementId = successes[0]!.extra?.settlementId ?? '';
    expect(await finished(settlementId)).toMatchObject({ state: 'settled' });
    expect(await spent(payer)).toBe(PRICE);
  }, 240_000);

  it('one ledger request (charge.settle): a serve token serves only the payload it was claimed for, and claims again only for it', async () => {
    // As a gateway that reuses a token (or a peer replaying one it saw): the token names a claim,
    // never a payment. A payload the token did not pay for is refused before anything is reserved.
    const nc = await stack.connectNats('gateway');
    try {
      const bus = new BusClient(nc, 15_000);
      const payer = await openSessionPayer(stack, kind, stack.wallets.agent, stack.wallets.merchant, PRICE);
      const [a, b] = [payer.payload(), payer.payload()];
      const keyOf = (p: PaymentPayload): string => `${payer.sessionId}:${(p.payload as { nonce: string }).nonce}`;
      const token = `token-${Date.now()}`;

      const paid = await settleOnBus(bus, payer, a, token, keyOf(a));
      expect(paid, JSON.stringify(paid)).toMatchObject({ served: true, charge: { duplicate: false } });
      const settlementId = (paid as SettleChargeResult).charge?.settlementId ?? '';

      // Another payload under the paid one's key, with the paid one's token: no charge, no serve.
      expect(await settleOnBus(bus, payer, b, token, keyOf(a))).toBe('idempotency_conflict');
      expect(await spent(payer)).toBe(PRICE);
      // The paid payload under another token: the reservation is the same, its serve is taken.
      const replayed = await settleOnBus(bus, payer, a, `other-${token}`, keyOf(a));
      expect(replayed, JSON.stringify(replayed)).toMatchObject({
        served: false,
        serveError: { code: 'nonce_replayed' },
        charge: { settlementId, duplicate: true },
      });
      // The same token again (a lost reply re-sent): the same charge, served to it, charged once.
      expect(await settleOnBus(bus, payer, a, token, keyOf(a))).toMatchObject({ served: true, charge: { settlementId, duplicate: true } });
      // The refused payload was not spent by the refusal: under its own key it pays and is served.
      expect(await settleOnBus(bus, payer, b, `b-${token}`, keyOf(b))).toMatchObject({ served: true, charge: { duplicate: false } });
      expect(await spent(payer)).toBe(PRICE * 2n);
      expect(await finished(settlementId)).toMatchObject({ state: 'settled' });
    } finally {
      await nc.close();
    }
  }, 120_000);
});
