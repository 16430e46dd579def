import { randomUUID } from 'node:crypto';
import { buildSessionPaymentPayload, createSession, FacilitatorClient, keypairWallet, memorySessionStorage, type SessionKind } from '@quietpay/sdk';
import type { PaymentPayload, PaymentRequired, PaymentRequirements } from '@quietpay/x402';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/service.process';
import { type SessionStack, startSessionStack } from '../support/session-stack';

// Batched settlement end to end: gateway and submitter in SETTLEMENT_MODE=batched, everything
// else as in tests/e2e/session.test.ts (real processes, localnet, NATS, Redis).

let stack: SessionStack;
let kind: SessionKind;

interface SettleAnswer {
  readonly success: boolean;
  readonly errorReason?: string;
  readonly transaction: string;
  readonly extra?: { settlementId?: string; settlementStatus?: string };
}
interface Receipt {
  readonly settlementId: string;
  readonly state: string;
  readonly signature: string;
  readonly amount: string;
  readonly sessionId: string;
}

async function settle(paymentPayload: PaymentPayload, paymentRequirements: PaymentRequirements): Promise<SettleAnswer> {
  const res = await fetch(`${stack.gatewayUrl}/settle`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ x402Version: 2, paymentPayload, paymentRequirements }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as SettleAnswer;
}

async function receipt(settlementId: string): Promise<Receipt> {
  const res = await fetch(`${stack.gatewayUrl}/settlements/${settlementId}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Receipt;
}

beforeAll(async () => {
  stack = await startSessionStack({ serviceEnv: { SETTLEMENT_MODE: 'batched', BATCH_WINDOW_MS: '1500', BATCH_MAX_SIZE: '50' } });
  kind = await new FacilitatorClient(stack.gatewayUrl).sessionKind();
}, 300_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

describe('batched settlement end to end', () => {
  it('answers N calls from the reservation, then settles them in fewer transfers than calls, moving exactly their sum', async () => {
    const { agent, merchant } = stack.wallets;
    const price = 100_000n;
    const calls = 8;
    const before = await stack.balanceOf(merchant);
    const storage = memorySessionStorage();
    const handle = await createSession({
      wallet: keypairWallet(agent),
      facilitatorUrl: stack.gatewayUrl,
      connection: stack.connection,
      cap: '1',
      expiresInSeconds: 3600,
      recipient: merchant.publicKey.toBase58(),
      storage,
    });
    const secretKey = Uint8Array.from(Buffer.from((await storage.get(handle.sessionId))!.sessionSecretKey, 'base64'));
    const requirements: PaymentRequirements = {
      scheme: 'session',
      network: kind.network as PaymentRequirements['network'],
      asset: kind.extra.mint,
      amount: price.toString(),
      payTo: merchant.publicKey.toBase58(),
      maxTimeoutSeconds: 60,
      extra: { ...kind.extra },
    };
    const required: PaymentRequired = { x402Version: 2, resource: { url: `https://e2e.quietpay.test/${randomUUID()}` }, accepts: [requirements] };

    const answers = await Promise.all(Array.from({ length: calls }, () => settle(buildSessionPaymentPayload(required, requirements, handle.sessionId, secretKey), requirements)));
    expect(answers.every((a) => a.success), JSON.stringify(answers)).toBe(true);
    const ids = answers.map((a) => a.extra?.settlementId ?? '');
    expect(new Set(ids).size).toBe(calls);
    // Answered from the durable reservation: no answer waited for a transfer.
    expect(answers.map((a) => a.extra?.settlementStatus)).toEqual(ids.map(() => 'queued'));

    const receipts = await eventually(
      async () => {
        const all = await Promise.all(ids.map(receipt));
        return all.every((r) => r.state === 'settled') ? all : undefined;
      },
      'every charge of the session to settle',
      300,
      200,
    );
    expect(receipts.map((r) => r.amount)).toEqual(ids.map(() => price.toString()));
    expect(receipts.every((r) => r.sessionId === handle.sessionId)).toBe(true);
    const signatures = new Set(receipts.map((r) => r.signature));
    expect(signatures.size).toBeLessThan(calls);
    for (const signature of signatures) {
      const tx = await stack.connection.getTransaction(signature, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
      expect(tx?.meta?.err ?? null).toBeNull();
    }
    const merchantAfter = await eventually(async () => {
      const now = await stack.balanceOf(merchant);
      return now - before >= BigInt(calls) * price ? now : undefined;
    }, 'the merchant balance to move').catch(() => stack.balanceOf(merchant));
    expect(merchantAfter - before).toBe(BigInt(calls) * price);
  }, 240_000);

  it('answers 404 for a settlement id it never saw', async () => {
    const res = await fetch(`${stack.gatewayUrl}/settlements/${randomUUID()}`);
    expect(res.status).toBe(404);
  });
});
