import { FacilitatorClient, type SessionKind } from '@quietpay/sdk';
import type { PaymentPayload, PaymentRequirements } from '@quietpay/x402';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptAt, settleAt, type SettleAnswer, type SettlementReceipt } from '../support/facilitator-http';
import { fundedPayers } from '../support/funded-payers';
import { eventually } from '../support/service.process';
import { openSessionPayer } from '../support/session-payer';
import { type SessionStack, startSessionStack } from '../support/session-stack';

// Many payers flushing batched to ONE merchant at once. Every flush's destination allowance PDA is
// derived from the merchant's balance handle at build time, so flushes from different sources race
// on that handle (Anchor 2006 when another landed first). Every accepted charge must settle: a
// charge answered success in batched mode was already served.

const PAYERS = 16;
// Calls arrive in waves, so flushes of different sessions overlap several times.
const WAVES = 4;
const CALLS_PER_WAVE = 2;
const PRICE = 10_000n;

let stack: SessionStack;
let kind: SessionKind;

const settle = (paymentPayload: PaymentPayload, paymentRequirements: PaymentRequirements): Promise<SettleAnswer> =>
  settleAt(stack.gatewayUrl, paymentPayload, paymentRequirements);
const receipt = (settlementId: string): Promise<SettlementReceipt> => receiptAt(stack.gatewayUrl, settlementId);

beforeAll(async () => {
  stack = await startSessionStack({ serviceEnv: { SETTLEMENT_MODE: 'batched', BATCH_WINDOW_MS: '300', BATCH_MAX_SIZE: '50', SUBMITTER_CONCURRENCY: '16' } });
  kind = await new FacilitatorClient(stack.gatewayUrl).sessionKind();
}, 300_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

describe(`${PAYERS} payers flushing batched to one merchant`, () => {
  it('settles every accepted charge, and the merchant receives exactly their sum', async () => {
    const { merchant } = stack.wallets;
    const wallets = await fundedPayers(stack, PAYERS, 1_000_000n);
    const payers = await Promise.all(wallets.map((w) => openSessionPayer(stack, kind, w, merchant, PRICE)));
    const before = await stack.balanceOf(merchant);

    const answers: SettleAnswer[] = [];
    for (let wave = 0; wave < WAVES; wave += 1) {
      const calls = payers.flatMap((payer) => Array.from({ length: CALLS_PER_WAVE }, () => payer));
      answers.push(...(await Promise.all(calls.map((payer) => settle(payer.payload(), payer.requirements)))));
    }
    expect(
      answers.filter((a) => !a.success),
      JSON.stringify(answers),
    ).toEqual([]);
    const ids = answers.map((a) => a.extra?.settlementId ?? '');

    const receipts = await eventually(
      async () => {
        const all = await Promise.all(ids.map(receipt));
        return all.every((r) => r.state === 'settled' || r.state === 'failed') ? all : undefined;
      },
      'every charge to reach a final state',
      600,
      250,
    );
    const rebuilds = stack
      .output()
      .split('\n')
      .filter((l) => l.includes('balance handles moved')).length;
    expect(
      receipts.filter((r) => r.state !== 'settled').map((r) => r.failureReason),
      `${rebuilds} stale-handle rebuilds`,
    ).toEqual([]);
    const signatures = [...new Set(receipts.map((r) => r.signature))];
    const { value } = await stack.connection.getSignatureStatuses(signatures, { searchTransactionHistory: true });
    expect(value.every((s) => s !== null && s.err === null)).toBe(true);
    expect((await stack.balanceOf(merchant)) - before).toBe(BigInt(answers.length) * PRICE);
  }, 600_000);
});
