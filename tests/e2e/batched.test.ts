import { randomUUID } from 'node:crypto';
import { SettlementFailedV1 } from '@quietpay/contracts';
import type { SessionKind } from '@quietpay/sdk';
import { incoTokenAccountAddress, revokeInstruction } from '@quietpay/solana';
import { PublicKey, sendAndConfirmTransaction, Transaction } from '@solana/web3.js';
import { JSONCodec } from 'nats';
import type { PaymentPayload, PaymentRequirements } from '@quietpay/x402';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptAt, settleAt, type SettleAnswer, type SettlementReceipt } from '../support/facilitator-http';
import { fundedPayers } from '../support/funded-payers';
import { type ProxiedStack, startProxiedStack } from '../support/proxied-submitter-stack';
import type { RpcFaultProxy } from '../support/rpc-fault-proxy';
import { eventually } from '../support/service.process';
import { openSessionPayer } from '../support/session-payer';
import type { SessionStack } from '../support/session-stack';

// Batched settlement end to end: gateway and submitter in SETTLEMENT_MODE=batched, everything
// else as in tests/e2e/session.test.ts (real processes, localnet, NATS, Redis).

let fixture: ProxiedStack;
let stack: SessionStack;
let kind: SessionKind;
// The submitter reaches the chain through this proxy: pass-through unless a test plans a fault.
let proxy: RpcFaultProxy;

const settle = (paymentPayload: PaymentPayload, paymentRequirements: PaymentRequirements): Promise<SettleAnswer> =>
  settleAt(stack.gatewayUrl, paymentPayload, paymentRequirements);
const receipt = (settlementId: string): Promise<SettlementReceipt> => receiptAt(stack.gatewayUrl, settlementId);

beforeAll(async () => {
  fixture = await startProxiedStack({ serviceEnv: { SETTLEMENT_MODE: 'batched', BATCH_WINDOW_MS: '1500', BATCH_MAX_SIZE: '50' } });
  ({ stack, proxy, kind } = fixture);
}, 300_000);

afterAll(async () => {
  await fixture?.stop();
}, 60_000);

async function sessionView(sessionId: string): Promise<{ spent: string; status: string }> {
  const res = await fetch(`${stack.gatewayUrl}/sessions/${sessionId}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { spent: string; status: string };
}

async function sessionSpent(sessionId: string): Promise<bigint> {
  return BigInt((await sessionView(sessionId)).spent);
}

/** Every settlement.failed event on JetStream, by settlement id. */
async function failedEvents(): Promise<Map<string, { reason: string; sessionId: string }>> {
  const nc = await stack.connectNats();
  try {
    const jsm = await nc.jetstreamManager();
    const info = await jsm.streams.info(SettlementFailedV1.stream);
    const events = new Map<string, { reason: string; sessionId: string }>();
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq += 1) {
      const stored = await jsm.streams.getMessage(SettlementFailedV1.stream, { seq }).catch(() => undefined);
      if (stored?.subject !== SettlementFailedV1.subject) continue;
      const event = SettlementFailedV1.payload.decode(JSONCodec().decode(stored.data));
      events.set(event.settlementId, { reason: event.reason, sessionId: event.sessionId });
    }
    return events;
  } finally {
    await nc.close();
  }
}

/** The submitter's count of served batched charges that failed, by reason. */
async function servedUnpaid(reason: string): Promise<number> {
  const submitter = stack.processes.find((p) => p.name === 'submitter');
  const res = await fetch(`http://127.0.0.1:${await submitter!.started()}/metrics`);
  const line = (await res.text()).split('\n').find((l) => l.startsWith(`quietpay_batched_charges_failed_total{reason="${reason}"}`));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

/** The session is suspended: its view says so and a new charge is refused with session_suspended. */
async function expectSuspended(session: { sessionId: string; payload(): PaymentPayload; requirements: PaymentRequirements }): Promise<void> {
  expect((await sessionView(session.sessionId)).status).toBe('suspended');
  const next = await settle(session.payload(), session.requirements);
  expect(next).toMatchObject({ success: false, errorReason: 'session_suspended' });
}

describe('batched settlement end to end', () => {
  it('answers N calls from the reservation, then settles them in fewer transfers than calls, moving exactly their sum', async () => {
    const { agent, merchant } = stack.wallets;
    const price = 100_000n;
    const calls = 8;
    const before = await stack.balanceOf(merchant);
    const handle = await openSessionPayer(stack, kind, agent, merchant, price);
    const answers = await Promise.all(Array.from({ length: calls }, () => settle(handle.payload(), handle.requirements)));
    expect(
      answers.every((a) => a.success),
      JSON.stringify(answers),
    ).toBe(true);
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

  it('a flush whose transfer fails terminally marks every charge failed, says so on the bus and in a metric, and suspends the session', async () => {
    const { merchant } = stack.wallets;
    const calls = 4;
    const session = await openSessionPayer(stack, kind, stack.wallets.agent, merchant, 100_000n);
    const merchantBefore = await stack.balanceOf(merchant);
    const spentBefore = await sessionSpent(session.sessionId);
    const countedBefore = await servedUnpaid('insufficient_funds');
    // The node refuses every send of the flush at preflight (insufficient funds): terminal, nothing lands.
    proxy.reset(Array.from({ length: 20 }, () => 'refuse' as const));

    const answers = await Promise.all(Array.from({ length: calls }, () => settle(session.payload(), session.requirements)));
    expect(
      answers.every((a) => a.success),
      JSON.stringify(answers),
    ).toBe(true);
    const ids = answers.map((a) => a.extra?.settlementId ?? '');
    expect(new Set(ids).size).toBe(calls);
    // (Not asserted here: spent while the batch is queued. The flush may already have released it,
    // and racing the batch window would make the test depend on timing.)

    const receipts = await eventually(
      async () => {
        const all = await Promise.all(ids.map(receipt));
        return all.every((r) => r.state === 'failed') ? all : undefined;
      },
      'every charge of the failed batch to be released',
      300,
      200,
    );
    expect(receipts.map((r) => r.failureReason)).toEqual(ids.map(() => 'insufficient_funds'));
    expect(receipts.map((r) => r.signature)).toEqual(ids.map(() => ''));
    expect(proxy.sent.length).toBeGreaterThan(0);
    expect(proxy.sent.every((s) => s.sends >= 1)).toBe(true);
    for (const sent of proxy.sent) {
      const { value } = await stack.connection.getSignatureStatuses([sent.signature], { searchTransactionHistory: true });
      expect(value[0]).toBeNull();
    }
    expect(await sessionSpent(session.sessionId)).toBe(spentBefore);
    expect(await stack.balanceOf(merchant)).toBe(merchantBefore);
    proxy.reset();
    // The calls were served and not paid: visible per charge, counted, and the session takes no more.
    const events = await failedEvents();
    expect(ids.map((id) => events.get(id))).toEqual(ids.map(() => ({ reason: 'insufficient_funds', sessionId: session.sessionId })));
    expect((await servedUnpaid('insufficient_funds')) - countedBefore).toBe(calls);
    await expectSuspended(session);
  }, 240_000);

  it('a flush after the payer revoked the delegation on chain sends nothing, fails its charges and suspends the session', async () => {
    const { merchant } = stack.wallets;
    const [payer] = await fundedPayers(stack, 1, 1_000_000n);
    const session = await openSessionPayer(stack, kind, payer!, merchant, 100_000n);
    const ids = { incoToken: new PublicKey(stack.inco.incoTokenProgramId), incoLightning: new PublicKey(stack.inco.incoLightningProgramId) };
    const source = incoTokenAccountAddress(ids, payer!.publicKey, new PublicKey(stack.inco.mint));
    await sendAndConfirmTransaction(stack.connection, new Transaction().add(revokeInstruction(ids, { source, owner: payer!.publicKey })), [payer!], {
      commitment: 'confirmed',
    });
    const merchantBefore = await stack.balanceOf(merchant);
    proxy.reset();

    // Batched mode answers from the reservation (the trade it makes): these calls are served.
    const answers = await Promise.all(Array.from({ length: 3 }, () => settle(session.payload(), session.requirements)));
    expect(
      answers.every((a) => a.success),
      JSON.stringify(answers),
    ).toBe(true);
    const settlementIds = answers.map((a) => a.extra?.settlementId ?? '');
    const receipts = await eventually(
      async () => {
        const all = await Promise.all(settlementIds.map(receipt));
        return all.every((r) => r.state === 'failed') ? all : undefined;
      },
      'every charge of the revoked session to fail',
      300,
      200,
    );
    expect(receipts.map((r) => r.failureReason)).toEqual(settlementIds.map(() => 'delegation_revoked'));
    // The ledger refused to authorize the flush: no transfer was even built.
    expect(proxy.sent).toEqual([]);
    expect(await stack.balanceOf(merchant)).toBe(merchantBefore);
    const events = await failedEvents();
    expect(settlementIds.map((id) => events.get(id)?.reason)).toEqual(settlementIds.map(() => 'delegation_revoked'));
    await expectSuspended(session);
  }, 240_000);

  it('answers 404 for a settlement id it never saw', async () => {
    const res = await fetch(`${stack.gatewayUrl}/settlements/${randomUUID()}`);
    expect(res.status).toBe(404);
  });
});
