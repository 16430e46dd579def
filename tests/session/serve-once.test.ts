import { SettlementReconcileV1 } from '@quietpay/contracts';
import { BusClient } from '@quietpay/platform';
import { FacilitatorClient, type SessionKind } from '@quietpay/sdk';
import type { PaymentPayload } from '@quietpay/x402';
import type { NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/service.process';
import { openSessionPayer, type SessionPayer } from '../support/session-payer';
import { type SessionStack, startSessionStack } from '../support/session-stack';

// One charge buys one serve, per-call, with the whole stack on localnet. A /settle answered
// `settlement_pending` (here: the submitter is down, so the reservation is made and nothing is
// sent) leaves the payment charged and not served. The client retries with the SAME header, as the
// paywall and the SDK do: /verify must accept it (not nonce_replayed) and /settle must serve it
// once it settles, without a new nonce; a further replay of that header must not be served again.
// The same state left long enough (a gateway that died between reserve and submit) is released
// by the reconciler, since nothing was sent for it and nothing was served.

interface SettleAnswer {
  readonly success: boolean;
  readonly errorReason?: string;
  readonly transaction: string;
  readonly extra?: { settlementId?: string };
}
interface VerifyAnswer {
  readonly isValid: boolean;
  readonly invalidReason?: string;
}

const PRICE = 10_000n;
let stack: SessionStack;
let kind: SessionKind;
let payer: SessionPayer;
let nc: NatsConnection;

async function post<T>(path: '/verify' | '/settle', paymentPayload: PaymentPayload): Promise<T> {
  const res = await fetch(`${stack.gatewayUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ x402Version: 2, paymentPayload, paymentRequirements: payer.requirements }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

async function spent(): Promise<bigint> {
  const res = await fetch(`${stack.gatewayUrl}/sessions/${payer.sessionId}`);
  return BigInt(((await res.json()) as { spent: string }).spent);
}

/** /settle while the submitter is down: reserved, nothing sent, answered settlement_pending. */
async function chargedNotServed(payload: PaymentPayload): Promise<SettleAnswer> {
  const restart = await stack.kill('submitter');
  try {
    const pending = await post<SettleAnswer>('/settle', payload);
    expect(pending).toMatchObject({ success: false, errorReason: 'settlement_pending' });
    return pending;
  } finally {
    await restart();
  }
}

beforeAll(async () => {
  stack = await startSessionStack({});
  kind = await new FacilitatorClient(stack.gatewayUrl).sessionKind();
  payer = await openSessionPayer(stack, kind, stack.wallets.agent, stack.wallets.merchant, PRICE);
  nc = await stack.connectNats();
}, 300_000);

afterAll(async () => {
  await nc?.close();
  await stack?.stop();
}, 60_000);

describe('a paid call is served exactly once', () => {
  it('serves a same-header retry after settlement_pending without a new nonce, and never serves that header again', async () => {
    const payload = payer.payload();
    expect(await post<VerifyAnswer>('/verify', payload)).toMatchObject({ isValid: true });
    const before = await spent();
    await chargedNotServed(payload);
    expect(await spent()).toBe(before + PRICE);

    // The paywall's retry: the same header verifies (charged, not yet served) ...
    expect(await post<VerifyAnswer>('/verify', payload)).toEqual(expect.objectContaining({ isValid: true }));
    // ... and settles: the same charge, now sent and confirmed, answered success once.
    const served = await eventually(async () => {
      const answer = await post<SettleAnswer>('/settle', payload);
      return answer.errorReason === 'settlement_pending' ? undefined : answer;
    }, 'the retried payment to settle');
    expect(served, JSON.stringify(served)).toMatchObject({ success: true });
    const { value } = await stack.connection.getSignatureStatuses([served.transaction], { searchTransactionHistory: true });
    expect(value[0]?.err ?? null).toBeNull();
    expect(await spent()).toBe(before + PRICE);

    // A replay of the served header: refused at /verify and at /settle, charged nothing more.
    expect(await post<VerifyAnswer>('/verify', payload)).toMatchObject({ isValid: false, invalidReason: 'nonce_replayed' });
    expect(await post<SettleAnswer>('/settle', payload)).toMatchObject({ success: false, errorReason: 'nonce_replayed' });
    expect(await spent()).toBe(before + PRICE);
  }, 240_000);

  it('a header settled at the first try is not served again by a replay', async () => {
    const payload = payer.payload();
    expect(await post<SettleAnswer>('/settle', payload)).toMatchObject({ success: true });
    const after = await spent();
    expect(await post<SettleAnswer>('/settle', payload)).toMatchObject({ success: false, errorReason: 'nonce_replayed' });
    expect(await post<VerifyAnswer>('/verify', payload)).toMatchObject({ isValid: false, invalidReason: 'nonce_replayed' });
    expect(await spent()).toBe(after);
  }, 120_000);

  it('a reservation no submitter ever saw (died between reserve and submit) is released by the reconciler, and its header is not served later', async () => {
    const payload = payer.payload();
    const before = await spent();
    const pending = await chargedNotServed(payload);
    const settlementId = pending.extra?.settlementId ?? '';
    expect(settlementId).not.toBe('');
    expect(await spent()).toBe(before + PRICE);
    // The operator's run-once pass with a 1 s bound (the periodic one uses SETTLEMENT_UNSUBMITTED_AFTER_MS).
    const bus = new BusClient(nc, 30_000);
    await eventually(async () => {
      await bus.request(SettlementReconcileV1, { olderThanSeconds: 1 });
      return (await spent()) === before ? true : undefined;
    }, 'the reconciler to release the unsubmitted reservation');
    const retried = await post<SettleAnswer>('/settle', payload);
    expect(retried.success).toBe(false);
    expect(retried.errorReason).not.toBe('settlement_pending');
    expect(await spent()).toBe(before);
    // Nothing was ever sent for it: the submitter has no record.
    expect((await fetch(`${stack.gatewayUrl}/settlements/${settlementId}`)).status).toBe(404);
  }, 240_000);
});
