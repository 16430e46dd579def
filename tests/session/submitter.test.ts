import { SettlementFailedV1 } from '@quietpay/contracts';
import type { SessionKind } from '@quietpay/sdk';
import type { PaymentPayload } from '@quietpay/x402';
import { JSONCodec, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleAt, type SettleAnswer, type SettlementReceipt } from '../support/facilitator-http';
import { type RpcFaultProxy, startRpcFaultProxy } from '../support/rpc-fault-proxy';
import { eventually } from '../support/service.process';
import { openAgentPayer, openSessionPayer, type SessionPayer } from '../support/session-payer';
import { type SessionStack, startSessionStack } from '../support/session-stack';

// The submitter with its real collaborators: the whole session stack as processes (gateway,
// session-ledger, tx-builder, signer, submitter, ...) on localnet's Inco emulation, so every
// settlement is a real IncoToken transfer out of a real session, built by tx-builder, signed by
// signer under its policy, committed or released by session-ledger. Faults are injected only at
// the network edge: tx-builder and submitter reach the chain through an RPC proxy that can answer
// an expired blockhash, swallow a send, or refuse one at preflight.

const PRICE = 10_000n;
let stack: SessionStack;
let proxy: RpcFaultProxy;
let nc: NatsConnection;
let kind: SessionKind;
let payer: SessionPayer;
let stale: { blockhash: string; lastValidBlockHeight: number };

const settle = (who: SessionPayer, paymentPayload: PaymentPayload): Promise<SettleAnswer> => settleAt(stack.gatewayUrl, paymentPayload, who.requirements);

/** The settlement's final receipt (a loaded machine may answer /settle `settlement_pending` first). */
async function finalReceipt(answer: SettleAnswer): Promise<SettlementReceipt> {
  const id = answer.extra?.settlementId ?? '';
  expect(id, JSON.stringify(answer)).not.toBe('');
  return eventually(
    async () => {
      const res = await fetch(`${stack.gatewayUrl}/settlements/${id}`);
      const body = (await res.json()) as SettlementReceipt;
      return body.state === 'settled' || body.state === 'failed' ? body : undefined;
    },
    `settlement ${id} to finish`,
    600,
    200,
  );
}

async function spent(sessionId: string): Promise<bigint> {
  const res = await fetch(`${stack.gatewayUrl}/sessions/${sessionId}`);
  return BigInt(((await res.json()) as { spent: string }).spent);
}

async function confirmation(signature: string): Promise<string | undefined> {
  const { value } = await stack.connection.getSignatureStatuses([signature], { searchTransactionHistory: true });
  return value[0]?.confirmationStatus ?? undefined;
}

async function lastFailedEvent(): Promise<{ settlementId: string; reason: string }> {
  const jsm = await nc.jetstreamManager();
  const stored = await jsm.streams.getMessage(SettlementFailedV1.stream, { last_by_subj: SettlementFailedV1.subject });
  return SettlementFailedV1.payload.decode(JSONCodec().decode(stored.data));
}

/** Waits until `hash` can no longer land: the chain is past its last valid block height. */
async function expired(hash: { lastValidBlockHeight: number }): Promise<void> {
  await eventually(
    async () => ((await stack.connection.getBlockHeight('confirmed')) > hash.lastValidBlockHeight ? true : undefined),
    'the captured blockhash to expire',
    1200,
    100,
  );
}

beforeAll(async () => {
  proxy = await startRpcFaultProxy();
  stack = await startSessionStack({
    serviceEnvFor: (name, chain): Record<string, string> | undefined => {
      proxy.setUpstream(chain.rpc);
      if (name === 'tx-builder') return { SOLANA_RPC_URL: proxy.urlFor(name) };
      if (name === 'submitter')
        return {
          SOLANA_RPC_URL: proxy.urlFor(name),
          CONFIRM_POLL_MS: '100',
          SOURCE_LOCK_BUSY_DELAY_MS: '50',
          SETTLEMENT_BACKOFF_MS: '200',
          SETTLEMENT_WAIT_MS: '80000',
        };
      return undefined;
    },
  });
  // A blockhash that will have expired by the time the rebuild scenarios run.
  stale = await stack.connection.getLatestBlockhash('confirmed');
  nc = await stack.connectNats();
  ({ kind, payer } = await openAgentPayer(stack, PRICE));
}, 300_000);

afterAll(async () => {
  await nc?.close();
  await stack?.stop();
  await proxy?.close();
}, 60_000);

describe('submitter with real tx-builder, signer and session-ledger on localnet', () => {
  it('the same settlement id submitted twice concurrently makes one transfer and one charge', async () => {
    proxy.reset();
    const before = await spent(payer.sessionId);
    const payment = payer.payload();
    // Same payment twice: the ledger hands both the same settlement id, the submitter gets it twice at once.
    const [a, b] = await Promise.all([settle(payer, payment), settle(payer, payment)]);
    expect(a.extra?.settlementId).toBe(b.extra?.settlementId);
    const [ra, rb] = await Promise.all([finalReceipt(a), finalReceipt(b)]);
    expect([ra.state, rb.state]).toEqual(['settled', 'settled']);
    expect(ra.signature).toBe(rb.signature);
    expect(proxy.sent.map((s) => s.signature)).toEqual([ra.signature]);
    expect(await confirmation(ra.signature)).toMatch(/confirmed|finalized/);
    expect((await spent(payer.sessionId)) - before).toBe(PRICE);
  }, 180_000);

  it('serialises settlements from one source: no transfer is sent while another from it is unconfirmed', async () => {
    proxy.reset();
    const before = await spent(payer.sessionId);
    const answers = await Promise.all([1, 2, 3].map(() => settle(payer, payer.payload())));
    const receipts = await Promise.all(answers.map(finalReceipt));
    expect(receipts.map((r) => r.state)).toEqual(['settled', 'settled', 'settled']);
    expect(new Set(receipts.map((r) => r.signature)).size).toBe(3);
    expect(proxy.sent).toHaveLength(3);
    expect(proxy.sent.flatMap((s) => s.overlapping)).toEqual([]);
    expect((await spent(payer.sessionId)) - before).toBe(3n * PRICE);
  }, 180_000);

  it('rebuilds and re-signs after an expired blockhash; only the rebuilt transfer lands', async () => {
    await expired(stale);
    proxy.reset();
    proxy.serveBlockhashOnce('tx-builder', stale);
    const receipt = await finalReceipt(await settle(payer, payer.payload()));
    expect(receipt.state).toBe('settled');
    const [first, second] = proxy.sent;
    expect(proxy.sent).toHaveLength(2);
    expect(receipt.signature).toBe(second?.signature);
    expect(await confirmation(first?.signature ?? '')).toBeUndefined();
    expect(await confirmation(second?.signature ?? '')).toMatch(/confirmed|finalized/);
  }, 180_000);

  // The stall: after "blockhash expired without landing, rebuilding" the rebuilt bytes were sent
  // once and then only watched, so bytes that never reached a leader held the source lock until
  // their own blockhash expired and were then rebuilt again.
  it('re-broadcasts rebuilt bytes that were dropped after the send instead of waiting for their blockhash to expire', async () => {
    await expired(stale);
    proxy.reset(['pass', 'drop-first']);
    proxy.serveBlockhashOnce('tx-builder', stale);
    const receipt = await finalReceipt(await settle(payer, payer.payload()));
    expect(receipt.state).toBe('settled');
    // The stale build and the rebuild; the dropped rebuild was sent again, not rebuilt a third time.
    expect(proxy.sent).toHaveLength(2);
    const second = proxy.sent[1];
    expect(second?.sends).toBeGreaterThanOrEqual(2);
    expect(receipt.signature).toBe(second?.signature);
    expect(await confirmation(second?.signature ?? '')).toMatch(/confirmed|finalized/);
  }, 180_000);

  it('releases at once when the node refused the rebuilt bytes: no polling them until their blockhash expires', async () => {
    await expired(stale);
    proxy.reset(['pass', 'refuse']);
    proxy.serveBlockhashOnce('tx-builder', stale);
    const before = await spent(payer.sessionId);
    const answer = await settle(payer, payer.payload());
    const receipt = await finalReceipt(answer);
    expect(receipt).toMatchObject({ state: 'failed', failureReason: 'insufficient_funds', signature: '' });
    expect(await spent(payer.sessionId)).toBe(before);
    expect(proxy.sent).toHaveLength(2);
    // Sent once (refused), looked up once: the bytes never left the node, so nothing is waited for.
    expect(proxy.sent[1]).toMatchObject({ sends: 1, statusPolls: 1 });
    expect(await lastFailedEvent()).toMatchObject({ settlementId: receipt.settlementId, reason: 'insufficient_funds' });
  }, 180_000);

  it('a signer refusal releases the charge and publishes settlement.failed with sign_refused', async () => {
    // A session paying its own payer: tx-builder builds the transfer and the emulated program would
    // accept it, but the signer's transfer policy refuses a self-transfer.
    const selfPayer = await openSessionPayer(stack, kind, stack.wallets.agent2, stack.wallets.agent2, PRICE);
    proxy.reset();
    const answer = await settle(selfPayer, selfPayer.payload());
    expect(answer.success).toBe(false);
    const receipt = await finalReceipt(answer);
    expect(receipt).toMatchObject({ state: 'failed', failureReason: 'sign_refused', signature: '' });
    expect(await spent(selfPayer.sessionId)).toBe(0n);
    expect(proxy.sent).toEqual([]);
    expect(await lastFailedEvent()).toMatchObject({ settlementId: receipt.settlementId, reason: 'sign_refused' });
  }, 180_000);
});
