import type { SettleResponse } from '@quietpay/x402';
import { describe, expect, it } from 'vitest';
import { isSettlePending, pendingWhenUnreachable, settleUntilFinal } from './settle-retry';

const pending: SettleResponse = { success: false, errorReason: 'settlement_pending', transaction: '', network: 'solana:devnet' };
const settled: SettleResponse = { success: true, transaction: 'sig', network: 'solana:devnet' };
const refused: SettleResponse = { success: false, errorReason: 'cap_exceeded', transaction: '', network: 'solana:devnet' };

function answers(...seq: SettleResponse[]): { settle: () => Promise<SettleResponse>; calls: () => number } {
  let i = 0;
  return { settle: async () => seq[Math.min(i++, seq.length - 1)]!, calls: () => i };
}

describe('settleUntilFinal', () => {
  it('retries the same payment while pending, backing off, until it is final', async () => {
    const slept: number[] = [];
    const facilitator = answers(pending, pending, pending, settled);
    const outcome = await settleUntilFinal(facilitator.settle, { schedule: [10, 20, 40], maxWaitMs: 1_000 }, async (ms) => void slept.push(ms));
    expect(outcome).toEqual(settled);
    expect(slept).toEqual([10, 20, 40]);
  });

  it('stops at a refusal: only pending is retried', async () => {
    const facilitator = answers(pending, refused, settled);
    expect(await settleUntilFinal(facilitator.settle, { schedule: [1], maxWaitMs: 1_000 }, async () => undefined)).toEqual(refused);
    expect(facilitator.calls()).toBe(2);
  });

  it('gives up within the bound and says when to come back', async () => {
    const slept: number[] = [];
    const outcome = await settleUntilFinal(answers(pending).settle, { schedule: [500, 2_000], maxWaitMs: 4_000 }, async (ms) => void slept.push(ms));
    expect(slept).toEqual([500, 2_000]);
    expect(isSettlePending(outcome) && outcome.retryAfterSeconds).toBe(2);
  });

  it('reads an unreachable facilitator as pending and retries the same payment until it answers', async () => {
    let calls = 0;
    const flaky = async (): Promise<SettleResponse> => {
      calls += 1;
      if (calls <= 2) throw new TypeError('fetch failed: ECONNRESET');
      return settled;
    };
    const outcome = await settleUntilFinal(pendingWhenUnreachable(flaky, 'solana:devnet'), { schedule: [1], maxWaitMs: 1_000 }, async () => undefined);
    expect(outcome).toEqual(settled);
    expect(calls).toBe(3);
  });

  it('answers settlement_pending (never a crash) when the facilitator stays unreachable past the bound', async () => {
    const down = async (): Promise<SettleResponse> => {
      throw new TypeError('fetch failed: ECONNREFUSED');
    };
    const outcome = await settleUntilFinal(pendingWhenUnreachable(down, 'solana:devnet'), { schedule: [1_000], maxWaitMs: 2_500 }, async () => undefined);
    expect(isSettlePending(outcome) && outcome.receipt.errorReason).toBe('settlement_pending');
  });
});
