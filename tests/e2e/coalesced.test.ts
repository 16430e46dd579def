import type { SessionKind } from '@quietpay/sdk';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendFirstThenWave } from '../support/coalesced-wave';
import { receiptAt, type SettleAnswer, type SettlementReceipt } from '../support/facilitator-http';
import { type ProxiedStack, startProxiedStack } from '../support/proxied-submitter-stack';
import type { RpcFaultProxy, SendFault } from '../support/rpc-fault-proxy';
import { eventually } from '../support/service.process';
import { openSessionPayer, type SessionPayer } from '../support/session-payer';
import type { SessionStack } from '../support/session-stack';

// Coalesced per-call settlement end to end (PER_CALL_SETTLEMENT=coalesced): every /settle waits for
// the transfer carrying its charge, and the charges of a session that arrive while its transfer is
// in flight go together in the next one. The proxy in front of the submitter's RPC holds the
// first transfer's confirmation until the later charges are waiting in the submitter, so which
// charges share a transfer is decided by the mechanism, not by timing.

let fixture: ProxiedStack;
let stack: SessionStack;
let kind: SessionKind;
let proxy: RpcFaultProxy;
let redis: Redis;

const PRICE = 50_000n;

const receipt = (settlementId: string): Promise<SettlementReceipt> => receiptAt(stack.gatewayUrl, settlementId);

async function sessionSpent(sessionId: string): Promise<bigint> {
  const res = await fetch(`${stack.gatewayUrl}/sessions/${sessionId}`);
  expect(res.status).toBe(200);
  return BigInt(((await res.json()) as { spent: string }).spent);
}

async function balanceAfter(before: bigint, delta: bigint): Promise<bigint> {
  const merchant = stack.wallets.merchant;
  return eventually(async () => {
    const now = await stack.balanceOf(merchant);
    return now - before >= delta ? now : undefined;
  }, 'the merchant balance to move').catch(() => stack.balanceOf(merchant));
}

/** sendFirstThenWave (tests/support/coalesced-wave.ts), answers awaited. */
async function firstThenWave(payer: SessionPayer, later: number, plan: readonly SendFault[] = []): Promise<{ first: SettleAnswer; wave: SettleAnswer[] }> {
  const { first, wave } = await sendFirstThenWave({ stack, proxy, redis }, payer, later, plan);
  return { first: await first, wave: await Promise.all(wave) };
}

beforeAll(async () => {
  redis = new Redis('redis://127.0.0.1:6379');
  // One batch in flight per session: these tests pin FIFO coalescing (the second transfer sent only
  // after the first confirmed); pipelined batches are tests/session/coalesced-pipeline.test.ts.
  fixture = await startProxiedStack({
    serviceEnv: { SETTLEMENT_MODE: 'per-call', PER_CALL_SETTLEMENT: 'coalesced', SETTLEMENT_WAIT_MS: '60000' },
    submitterEnv: { COALESCED_PIPELINE_DEPTH: '1' },
  });
  ({ stack, proxy, kind } = fixture);
}, 300_000);

afterAll(async () => {
  await fixture?.stop();
  redis?.disconnect();
}, 60_000);

describe('coalesced per-call settlement end to end', () => {
  // A plan left over from a test would also fault the next session's opening (sent through the submitter).
  beforeEach(() => proxy.reset());

  it('16 calls on one session settle in 2 transfers, FIFO; each answer carries its transfer and share; the merchant gets exactly the sum', async () => {
    const payer = await openSessionPayer(stack, kind, stack.wallets.agent, stack.wallets.merchant, PRICE);
    const merchantBefore = await stack.balanceOf(stack.wallets.merchant);

    const { first, wave } = await firstThenWave(payer, 15);
    const answers = [first, ...wave];
    expect(
      answers.every((a) => a.success),
      JSON.stringify(answers),
    ).toBe(true);
    expect(new Set(answers.map((a) => a.extra?.settlementId)).size).toBe(16);

    // FIFO: the first charge rode the first transfer alone; the 15 that arrived while it was in
    // flight all rode the next one, sent only after the first was confirmed.
    expect(proxy.sent.map((s) => s.signature)).toHaveLength(2);
    const [t1, t2] = proxy.sent.map((s) => s.signature);
    expect(proxy.sent[1]?.overlapping).toEqual([]);
    expect(first.transaction).toBe(t1);
    expect(first.extra?.transfer).toEqual({ signature: t1, amount: PRICE.toString(), charges: 1, share: PRICE.toString() });
    for (const answer of wave) {
      expect(answer.transaction).toBe(t2);
      expect(answer.extra?.transfer).toEqual({ signature: t2, amount: (15n * PRICE).toString(), charges: 15, share: PRICE.toString() });
    }
    const landed = await Promise.all([t1, t2].map((s) => stack.connection.getTransaction(s!, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 })));
    expect(landed.map((tx) => tx?.meta?.err ?? null)).toEqual([null, null]);
    expect(landed[0]!.slot).toBeLessThan(landed[1]!.slot);

    // The receipts say the same, and the money moved exactly once per charge.
    const receipts = await Promise.all(answers.map((a) => receipt(a.extra?.settlementId ?? '')));
    expect(receipts.map((r) => [r.state, r.signature])).toEqual(answers.map((a) => ['settled', a.transaction]));
    expect(await sessionSpent(payer.sessionId)).toBe(16n * PRICE);
    const merchantAfter = await balanceAfter(merchantBefore, 16n * PRICE);
    expect(merchantAfter - merchantBefore).toBe(16n * PRICE);
  }, 300_000);

  it('a coalesced transfer refused at preflight fails every charge it carried, releasing each; nothing moves for them', async () => {
    const payer = await openSessionPayer(stack, kind, stack.wallets.agent, stack.wallets.merchant, PRICE);
    const merchantBefore = await stack.balanceOf(stack.wallets.merchant);

    // The first transfer passes; every transaction after it is refused (insufficient funds: terminal).
    const { first, wave } = await firstThenWave(payer, 5, ['pass', 'refuse', 'refuse', 'refuse']);
    expect(first.success, JSON.stringify(first)).toBe(true);
    expect(
      wave.map((a) => [a.success, a.extra?.settlementStatus, a.transaction]),
      JSON.stringify(wave),
    ).toEqual(wave.map(() => [false, 'failed', '']));
    const receipts = await Promise.all(wave.map((a) => receipt(a.extra?.settlementId ?? '')));
    expect(receipts.map((r) => [r.state, r.failureReason])).toEqual(wave.map(() => ['failed', 'insufficient_funds']));
    // One refused transfer carried all five: none of them was retried alone or landed.
    expect(proxy.sent.length).toBeGreaterThanOrEqual(2);
    for (const sent of proxy.sent.slice(1)) {
      const { value } = await stack.connection.getSignatureStatuses([sent.signature], { searchTransactionHistory: true });
      expect(value[0]).toBeNull();
    }
    expect(await sessionSpent(payer.sessionId)).toBe(PRICE);
    const merchantAfter = await balanceAfter(merchantBefore, PRICE);
    expect(merchantAfter - merchantBefore).toBe(PRICE);
  }, 300_000);

  it('a coalesced transfer whose first send is lost is re-broadcast, not rebuilt: all its charges settle once, with its signature', async () => {
    const payer = await openSessionPayer(stack, kind, stack.wallets.agent, stack.wallets.merchant, PRICE);
    const merchantBefore = await stack.balanceOf(stack.wallets.merchant);

    const { first, wave } = await firstThenWave(payer, 6, ['pass', 'drop-first']);
    expect(
      [first, ...wave].every((a) => a.success),
      JSON.stringify([first, ...wave]),
    ).toBe(true);
    expect(proxy.sent).toHaveLength(2);
    const [t1, t2] = proxy.sent;
    expect(t2!.sends).toBeGreaterThanOrEqual(2);
    expect(first.transaction).toBe(t1!.signature);
    expect(wave.map((a) => a.transaction)).toEqual(wave.map(() => t2!.signature));
    expect(wave.map((a) => a.extra?.transfer?.charges)).toEqual(wave.map(() => 6));
    expect(await sessionSpent(payer.sessionId)).toBe(7n * PRICE);
    const merchantAfter = await balanceAfter(merchantBefore, 7n * PRICE);
    expect(merchantAfter - merchantBefore).toBe(7n * PRICE);
  }, 300_000);
});
