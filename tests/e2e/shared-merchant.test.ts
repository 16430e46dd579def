import { FacilitatorClient, type SessionKind } from '@quietpay/sdk';
import type { PaymentPayload, PaymentRequirements } from '@quietpay/x402';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleAt, type SettleAnswer } from '../support/facilitator-http';
import { openSessionPayer } from '../support/session-payer';
import { type SessionStack, startSessionStack } from '../support/session-stack';

// Per-call settlements from DIFFERENT sources to ONE merchant, concurrently. Each transfer's
// destination allowance PDA is derived from the merchant's balance handle at build time; when
// another source's transfer lands first, that handle has moved and Lightning refuses the stale
// PDA (Anchor 2006). Serialising per source cannot prevent it, so the submitter rebuilds such a
// transfer (it reverted as a whole). Every call must be paid, exactly once.

const PRICE = 10_000n;
const CALLS_PER_PAYER = 6;

let stack: SessionStack;
let kind: SessionKind;

const settle = (paymentPayload: PaymentPayload, paymentRequirements: PaymentRequirements): Promise<SettleAnswer> =>
  settleAt(stack.gatewayUrl, paymentPayload, paymentRequirements);

beforeAll(async () => {
  stack = await startSessionStack({});
  kind = await new FacilitatorClient(stack.gatewayUrl).sessionKind();
}, 300_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

describe('concurrent settlements from two payers to one merchant', () => {
  it('pays every call once, each on its own confirmed transfer, and the merchant receives exactly the sum', async () => {
    const { agent, agent2, merchant } = stack.wallets;
    const payers = await Promise.all([agent, agent2].map((user) => openSessionPayer(stack, kind, user, merchant, PRICE)));
    const before = await stack.balanceOf(merchant);

    const calls = payers.flatMap((payer) => Array.from({ length: CALLS_PER_PAYER }, () => payer));
    const answers = await Promise.all(calls.map((payer) => settle(payer.payload(), payer.requirements)));

    expect(
      answers.filter((a) => !a.success),
      JSON.stringify(answers),
    ).toEqual([]);
    const signatures = new Set(answers.map((a) => a.transaction));
    expect(signatures.size).toBe(calls.length);
    const { value } = await stack.connection.getSignatureStatuses([...signatures], { searchTransactionHistory: true });
    expect(value.every((s) => s !== null && s.err === null)).toBe(true);
    expect((await stack.balanceOf(merchant)) - before).toBe(BigInt(calls.length) * PRICE);
  }, 300_000);
});
